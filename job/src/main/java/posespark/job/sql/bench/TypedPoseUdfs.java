package posespark.job.sql.bench;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.keypoints.PoseGeometry;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The benchmark's alternative implementation: the same three functions as plain typed Java UDFs
 * ({@code spark.udf().register}), which receive each row's keypoints converted to a
 * {@code Seq<Row>} of external objects. Registered as {@code udf_keypoint}, {@code udf_joint_angle},
 * {@code udf_visible_count}.
 */
final class TypedPoseUdfs {

  private static final StructType KEYPOINT = new StructType()
      .add("x", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false)
      .add("score", DataTypes.DoubleType, false);

  private TypedPoseUdfs() {}

  static void register(SparkSession spark) {
    spark.udf().register("udf_keypoint", (UDF2<Seq<Row>, String, Row>) (kps, name) -> {
      if (kps == null || name == null) {
        return null;
      }
      Row k = kps.apply(index(name));
      return RowFactory.create(k.getDouble(0), k.getDouble(1), k.getDouble(2));
    }, KEYPOINT);
    spark.udf().register("udf_joint_angle",
        (UDF4<Seq<Row>, String, String, String, Double>) (kps, a, b, c) -> {
          if (kps == null || a == null || b == null || c == null) {
            return null;
          }
          List<Row> list = JavaConverters.seqAsJavaList(kps);
          double[] three = new double[9];
          int[] idx = {index(a), index(b), index(c)};
          for (int i = 0; i < 3; i++) {
            three[3 * i] = list.get(idx[i]).getDouble(0);
            three[3 * i + 1] = list.get(idx[i]).getDouble(1);
          }
          double angle = PoseGeometry.jointAngleDegrees(three, 0, 1, 2);
          return Double.isNaN(angle) ? null : angle;
        }, DataTypes.DoubleType);
    spark.udf().register("udf_visible_count", (UDF2<Seq<Row>, Double, Integer>) (kps, min) -> {
      if (kps == null || min == null) {
        return null;
      }
      int n = 0;
      for (Row k : JavaConverters.seqAsJavaList(kps)) {
        if (k.getDouble(2) >= min) {
          n++;
        }
      }
      return n;
    }, DataTypes.IntegerType);
  }

  private static int index(String name) {
    int i = CocoKeypoints.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("not a COCO keypoint name: '" + name + "'");
    }
    return i;
  }
}
