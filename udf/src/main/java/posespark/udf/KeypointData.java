package posespark.udf;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import posespark.models.keypoints.CocoKeypoints;

/**
 * Moves keypoints between Spark's internal {@code array<struct<x, y, score>>} and the flat
 * {@code [x, y, score] * K} arrays the {@code models} math takes, checking lengths with messages
 * that name the SQL function and argument.
 */
final class KeypointData {

  private KeypointData() {}

  /** Throws unless {@code kps} holds COCO's 17 keypoints. */
  static void requireCoco(ArrayData kps, String function, String argument) {
    requireLength(kps, CocoKeypoints.COUNT, function, argument);
  }

  static void requireLength(ArrayData kps, int expected, String function, String argument) {
    if (kps.numElements() != expected) {
      throw new IllegalArgumentException(function + ": argument " + argument + " has " + kps.numElements()
          + " keypoints, expected " + expected);
    }
  }

  /** Flat {@code [x, y, score] * K}; a null keypoint struct is refused. */
  static double[] flat(ArrayData kps, String function, String argument) {
    int k = kps.numElements();
    double[] out = new double[3 * k];
    for (int i = 0; i < k; i++) {
      InternalRow p = struct(kps, i, function, argument);
      out[3 * i] = p.getDouble(0);
      out[3 * i + 1] = p.getDouble(1);
      out[3 * i + 2] = p.getDouble(2);
    }
    return out;
  }

  static InternalRow struct(ArrayData kps, int i, String function, String argument) {
    if (kps.isNullAt(i)) {
      throw new IllegalArgumentException(function + ": argument " + argument + " has a null keypoint at index " + i);
    }
    return kps.getStruct(i, 3);
  }

  /** Flat {@code [x, y, score] * K} back to Spark's internal array of keypoint structs. */
  static ArrayData structs(double[] flat) {
    Object[] rows = new Object[flat.length / 3];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new GenericInternalRow(new Object[] {flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]});
    }
    return new GenericArrayData(rows);
  }

  /** Plain doubles of a numeric array (sigmas), refusing nulls. */
  static double[] doubles(ArrayData values, String function, String argument) {
    double[] out = new double[values.numElements()];
    for (int i = 0; i < out.length; i++) {
      if (values.isNullAt(i)) {
        throw new IllegalArgumentException(function + ": argument " + argument + " has a null at index " + i);
      }
      out[i] = values.getDouble(i);
    }
    return out;
  }
}
