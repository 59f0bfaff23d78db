package posespark.job.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;

/** The COCO results export orders like the evaluator: image, score descending, person index. */
class CocoResultsWriterTest {

  private static final StructType POSES = new StructType()
      .add("image_id", DataTypes.LongType, false)
      .add("person_index", DataTypes.IntegerType, false)
      .add("pose_score", DataTypes.DoubleType, false)
      .add("keypoints", DataTypes.createArrayType(PoseTables.KEYPOINT, false), false);

  @TempDir
  Path tmp;

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  private static Row pose(long imageId, int personIndex, double score) {
    // The first keypoint's x carries the person index, so the JSON tells which pose is which.
    return RowFactory.create(imageId, personIndex, score,
        List.of(RowFactory.create((double) personIndex, 1.0, 0.5)));
  }

  @Test
  void equalScoresOfAnImageAreWrittenInPersonIndexOrder() throws Exception {
    SparkSession spark = LocalSpark.get();
    // Ties listed in descending person_index order in one partition: a stable sort on
    // (image_id, score) alone would keep this order.
    List<Row> rows = List.of(pose(2, 3, 0.5), pose(2, 2, 0.9), pose(2, 1, 0.5), pose(2, 0, 0.5),
        pose(1, 1, 0.7), pose(1, 0, 0.7));
    Dataset<Row> poses = spark.createDataFrame(rows, POSES).coalesce(1);
    Path file = tmp.resolve("results.json");

    long n = CocoResultsWriter.write(poses, file.toString(),
        spark.sparkContext().hadoopConfiguration());

    assertThat(n).isEqualTo(6);
    List<String> order = new ArrayList<>();
    for (JsonNode r : new ObjectMapper().readTree(file.toFile())) {
      order.add(r.get("image_id").asLong() + "/" + r.get("keypoints").get(0).asInt()
          + "/" + r.get("score").asDouble());
    }
    assertThat(order).containsExactly("1/0/0.7", "1/1/0.7", "2/2/0.9", "2/0/0.5", "2/1/0.5",
        "2/3/0.5");
  }
}
