package posespark.job.eval;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import posespark.eval.coco.AnnotationCodec;
import posespark.eval.coco.CocoFormatException;
import posespark.eval.coco.Detection;

/**
 * Detections from the annotate job's {@code poses} table (Parquet), as a COCO results file of
 * person keypoints would give them.
 *
 * <p>Canonical order: each row is category 1 (person) with score {@code pose_score}; among equal
 * scores of one image, rows are taken in {@code person_index} order (the role a results file's
 * line order plays). Box and area come from the keypoints' extent, as pycocotools' loadRes gives
 * them for keypoint results without a box — which is what the project's COCO results export
 * writes — so a table and its export evaluate alike. The table's {@code bbox} is not used.
 */
final class PosesTableDetections {

  private PosesTableDetections() {}

  static JavaRDD<byte[]> read(SparkSession spark, String dir, int keypointCount) {
    Dataset<Row> poses;
    try {
      poses = spark.read().parquet(dir);
    } catch (RuntimeException e) {
      throw new CocoFormatException(dir, "cannot read as a poses table: " + firstLine(e.getMessage()));
    }
    List<String> fields = List.of(poses.schema().fieldNames());
    for (String required : List.of("image_id", "person_index", "pose_score", "keypoints")) {
      if (!fields.contains(required)) {
        throw new CocoFormatException(dir, "poses table has no column " + required);
      }
    }
    Dataset<Row> rows = poses.select(
        col("image_id").cast("long").as("image_id"),
        col("image_id").cast("string").as("image_id_text"),
        col("person_index").cast("long").as("person_index"),
        col("pose_score").cast("double").as("pose_score"),
        col("keypoints"));
    return rows.javaRDD().map(r -> toDetection(r, dir, keypointCount));
  }

  private static byte[] toDetection(Row r, String dir, int keypointCount) {
    String where = "row with image_id " + r.getString(1) + ", person_index " + r.get(2);
    if (r.isNullAt(0)) {
      throw new CocoFormatException(dir, where + ": image_id is not a COCO (integer) image id");
    }
    if (r.isNullAt(3) || !Double.isFinite(r.getDouble(3)) || r.getDouble(3) < 0) {
      throw new CocoFormatException(dir, where + ": pose_score " + r.get(3) + " must be finite and not negative");
    }
    List<Row> kps = r.isNullAt(4) ? List.of() : r.getList(4);
    if (kps.size() != keypointCount) {
      throw new CocoFormatException(dir, String.format(Locale.ROOT, "%s: %d keypoints; expected %d",
          where, kps.size(), keypointCount));
    }
    double[] flat = new double[3 * keypointCount];
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < keypointCount; k++) {
      Row p = kps.get(k);
      if (p == null || p.isNullAt(0) || p.isNullAt(1)) {
        throw new CocoFormatException(dir, where + ": keypoint " + k + " has no coordinates");
      }
      flat[3 * k] = ((Number) p.get(0)).doubleValue();
      flat[3 * k + 1] = ((Number) p.get(1)).doubleValue();
      flat[3 * k + 2] = p.size() > 2 && !p.isNullAt(2) ? ((Number) p.get(2)).doubleValue() : 0;
      x0 = Math.min(x0, flat[3 * k]);
      x1 = Math.max(x1, flat[3 * k]);
      y0 = Math.min(y0, flat[3 * k + 1]);
      y1 = Math.max(y1, flat[3 * k + 1]);
    }
    double[] bbox = {x0, y0, x1 - x0, y1 - y0};
    double area = (x1 - x0) * (y1 - y0);
    long personIndex = r.isNullAt(2) ? 0 : r.getLong(2);
    return AnnotationCodec.encode(new Detection(r.getLong(0), 1, personIndex, r.getDouble(3) + 0.0, area, bbox, flat));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
