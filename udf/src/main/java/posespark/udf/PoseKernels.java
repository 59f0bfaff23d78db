package posespark.udf;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;
import posespark.models.detect.BoxSuppression;
import posespark.models.geometry.Box;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.keypoints.Oks;
import posespark.models.keypoints.PoseGeometry;
import posespark.models.keypoints.PoseShape;

/**
 * The bodies of posespark's SQL functions: static methods over Spark's internal row format
 * ({@link ArrayData}, {@link InternalRow}), called from generated code through Catalyst's
 * {@code StaticInvoke}, so a query never converts rows to Java objects. Nulls never reach these
 * methods (the expression returns null first); a boxed return type means "may be null".
 */
public final class PoseKernels {

  private static final Oks COCO_OKS = new Oks();

  /** The evaluator reads a ground-truth box only when no keypoint is labelled, which never reaches it here. */
  private static final double[] UNUSED_BOX = new double[4];

  private PoseKernels() {}

  /** Index of a keypoint name, or a clear error naming the function and argument. */
  public static int keypointIndex(UTF8String name, UTF8String function, UTF8String argument) {
    return keypointIndex(name.toString(), function.toString(), argument.toString());
  }

  static int keypointIndex(String name, String function, String argument) {
    int i = CocoKeypoints.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(function + ": argument " + argument + " '" + name
          + "' is not a COCO keypoint name (see keypoint_names())");
    }
    return i;
  }

  /** {@code keypoint(kps, name)}: the keypoint's struct(x, y, score). */
  public static InternalRow keypoint(ArrayData kps, int index) {
    KeypointData.requireCoco(kps, "keypoint", "kps");
    return KeypointData.struct(kps, index, "keypoint", "kps");
  }

  /** {@code joint_angle(kps, a, b, c)}: angle at b in degrees, null when undefined. */
  public static Double jointAngle(ArrayData kps, int a, int b, int c) {
    KeypointData.requireCoco(kps, "joint_angle", "kps");
    InternalRow pa = KeypointData.struct(kps, a, "joint_angle", "kps");
    InternalRow pb = KeypointData.struct(kps, b, "joint_angle", "kps");
    InternalRow pc = KeypointData.struct(kps, c, "joint_angle", "kps");
    double[] three = {pa.getDouble(0), pa.getDouble(1), 0, pb.getDouble(0), pb.getDouble(1), 0,
        pc.getDouble(0), pc.getDouble(1), 0};
    double angle = PoseGeometry.jointAngleDegrees(three, 0, 1, 2);
    return Double.isNaN(angle) ? null : angle;
  }

  /** {@code limb_length(kps, a, b)} in pixels. */
  public static double limbLength(ArrayData kps, int a, int b) {
    KeypointData.requireCoco(kps, "limb_length", "kps");
    InternalRow pa = KeypointData.struct(kps, a, "limb_length", "kps");
    InternalRow pb = KeypointData.struct(kps, b, "limb_length", "kps");
    double[] two = {pa.getDouble(0), pa.getDouble(1), 0, pb.getDouble(0), pb.getDouble(1), 0};
    return PoseGeometry.limbLength(two, 0, 1);
  }

  /** {@code visible_count(kps, min_score)}: keypoints with score at least min_score. */
  public static int visibleCount(ArrayData kps, double minScore) {
    int n = 0;
    for (int i = 0; i < kps.numElements(); i++) {
      if (KeypointData.struct(kps, i, "visible_count", "kps").getDouble(2) >= minScore) {
        n++;
      }
    }
    return n;
  }

  /** {@code oks(kps_a, kps_b, area)} with COCO's sigmas. */
  public static Double oks(ArrayData a, ArrayData b, double area) {
    KeypointData.requireCoco(a, "oks", "kps_a");
    KeypointData.requireCoco(b, "oks", "kps_b");
    return oks(COCO_OKS, KeypointData.flat(a, "oks", "kps_a"), KeypointData.flat(b, "oks", "kps_b"), area);
  }

  /** {@code oks(kps_a, kps_b, area, sigmas)}. */
  public static Double oks(ArrayData a, ArrayData b, double area, ArrayData sigmas) {
    int k = sigmas.numElements();
    KeypointData.requireLength(a, k, "oks", "kps_a");
    KeypointData.requireLength(b, k, "oks", "kps_b");
    Oks oks = new Oks(KeypointData.doubles(sigmas, "oks", "sigmas"));
    return oks(oks, KeypointData.flat(a, "oks", "kps_a"), KeypointData.flat(b, "oks", "kps_b"), area);
  }

  /**
   * The evaluator's OKS with {@code a} as the ground truth: its keypoints with score > 0 are the
   * labelled ones (COCO's v > 0). Null when none is: the evaluator would then need a box.
   */
  private static Double oks(Oks oks, double[] a, double[] b, double area) {
    if (PoseGeometry.visibleCount(a, Double.MIN_VALUE) == 0) {
      return null;
    }
    return oks.compute(a, UNUSED_BOX, area, b);
  }

  /** {@code bbox_iou(b1, b2)} over struct(x, y, w, h). */
  public static double bboxIou(InternalRow b1, InternalRow b2) {
    return BoxSuppression.iou(box(b1), box(b2));
  }

  private static Box box(InternalRow b) {
    return new Box(b.getDouble(0), b.getDouble(1), b.getDouble(2), b.getDouble(3), 1);
  }

  /** {@code pose_flip(kps, width)}. */
  public static ArrayData poseFlip(ArrayData kps, double width) {
    KeypointData.requireCoco(kps, "pose_flip", "kps");
    return KeypointData.structs(PoseGeometry.flip(KeypointData.flat(kps, "pose_flip", "kps"), width));
  }

  /** {@code to_coco_keypoints(kps)}: COCO results' flat {@code [x, y, v, ...]}, v = score. */
  public static ArrayData toCocoKeypoints(ArrayData kps) {
    return new GenericArrayData(KeypointData.flat(kps, "to_coco_keypoints", "kps"));
  }

  /** {@code pose_normalize(kps)}: the translation- and scale-free shape vector, or null. */
  public static ArrayData poseNormalize(ArrayData kps) {
    double[] shape = PoseShape.normalize(KeypointData.flat(kps, "pose_normalize", "kps"));
    return shape == null ? null : new GenericArrayData(shape);
  }

  /** {@code pose_similarity(kps_a, kps_b)}: cosine similarity of the shapes, null if undefined. */
  public static Double poseSimilarity(ArrayData a, ArrayData b) {
    if (a.numElements() != b.numElements()) {
      throw new IllegalArgumentException("pose_similarity: arguments kps_a and kps_b have " + a.numElements()
          + " and " + b.numElements() + " keypoints");
    }
    double s = PoseShape.similarity(KeypointData.flat(a, "pose_similarity", "kps_a"),
        KeypointData.flat(b, "pose_similarity", "kps_b"));
    return Double.isNaN(s) ? null : s;
  }
}
