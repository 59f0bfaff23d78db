package posespark.job.table;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes poses as COCO keypoint results JSON ({@code [{image_id, category_id: 1, keypoints:
 * [x, y, v, ...], score}]}), streamed from the poses table partition by partition (never collected
 * whole on the driver), ordered by image id, pose score descending, then person index. Keypoint
 * {@code v} is the keypoint score, as COCO's loader ignores it.
 */
public final class CocoResultsWriter {

  private CocoResultsWriter() {}

  /** @return the number of results written */
  public static long write(Dataset<Row> poses, String file, Configuration conf) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(conf);
    Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
    long n = 0;
    // Ties in score keep person_index order: the canonical order the evaluator gives a poses table.
    Dataset<Row> rows = poses.select("image_id", "keypoints", "pose_score", "person_index")
        .orderBy(org.apache.spark.sql.functions.col("image_id"),
            org.apache.spark.sql.functions.col("pose_score").desc(),
            org.apache.spark.sql.functions.col("person_index"));
    try (OutputStream out = fs.create(tmp, true);
        JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartArray();
      Iterator<Row> it = rows.toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        json.writeStartObject();
        json.writeNumberField("image_id", r.getLong(0));
        json.writeNumberField("category_id", 1);
        json.writeArrayFieldStart("keypoints");
        List<Row> keypoints = r.getList(1);
        for (Row k : keypoints) {
          json.writeNumber(k.getDouble(0));
          json.writeNumber(k.getDouble(1));
          json.writeNumber(k.getDouble(2));
        }
        json.writeEndArray();
        json.writeNumberField("score", r.getDouble(2));
        json.writeEndObject();
        n++;
      }
      json.writeEndArray();
    }
    if (fs.exists(path)) {
      fs.delete(path, false);
    }
    if (!fs.rename(tmp, path)) {
      throw new IOException("cannot move " + tmp + " to " + path);
    }
    return n;
  }
}
