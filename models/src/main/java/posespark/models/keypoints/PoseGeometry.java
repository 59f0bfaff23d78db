package posespark.models.keypoints;

/**
 * Geometry of one pose given as flat {@code [x1, y1, s1, x2, y2, s2, ...]} keypoints (COCO order,
 * image pixels, third value a score or visibility): joint angles, limb lengths, visible counts and a
 * horizontal flip. Undefined results (an angle at a joint whose neighbour sits on it) are
 * {@code NaN}; callers decide how to show them.
 */
public final class PoseGeometry {

  private PoseGeometry() {}

  /** Number of keypoints in a flat array; throws unless its length is a multiple of 3. */
  public static int keypointCount(double[] kps) {
    if (kps.length % 3 != 0) {
      throw new IllegalArgumentException("flat keypoints need 3 values each, got " + kps.length);
    }
    return kps.length / 3;
  }

  /**
   * Angle at keypoint {@code b} between the segments to {@code a} and to {@code c}, in degrees in
   * [0, 180]; {@code NaN} when {@code a} or {@code c} coincides with {@code b}.
   */
  public static double jointAngleDegrees(double[] kps, int a, int b, int c) {
    double ux = kps[3 * a] - kps[3 * b];
    double uy = kps[3 * a + 1] - kps[3 * b + 1];
    double vx = kps[3 * c] - kps[3 * b];
    double vy = kps[3 * c + 1] - kps[3 * b + 1];
    if ((ux == 0 && uy == 0) || (vx == 0 && vy == 0)) {
      return Double.NaN;
    }
    // atan2(|u x v|, u . v) stays accurate near 0 and 180 degrees, where acos of a ratio does not.
    return Math.toDegrees(Math.atan2(Math.abs(ux * vy - uy * vx), ux * vx + uy * vy));
  }

  /** Euclidean distance between keypoints {@code a} and {@code b}, in pixels. */
  public static double limbLength(double[] kps, int a, int b) {
    return Math.hypot(kps[3 * a] - kps[3 * b], kps[3 * a + 1] - kps[3 * b + 1]);
  }

  /** Keypoints whose score is at least {@code minScore}. */
  public static int visibleCount(double[] kps, double minScore) {
    int n = 0;
    for (int i = 2; i < kps.length; i += 3) {
      if (kps[i] >= minScore) {
        n++;
      }
    }
    return n;
  }

  /**
   * The pose of the horizontally mirrored image of width {@code width}: {@code x -> width - x}
   * (pixel edges at integers, as the pipeline's flip test) and left/right keypoints swapped with
   * COCO's flip pairs.
   */
  public static double[] flip(double[] kps, double width) {
    int k = keypointCount(kps);
    if (k != CocoKeypoints.COUNT) {
      throw new IllegalArgumentException("flip needs " + CocoKeypoints.COUNT + " COCO keypoints, got " + k);
    }
    int[] flipIndex = CocoKeypoints.flipIndex();
    double[] out = new double[kps.length];
    for (int i = 0; i < k; i++) {
      int src = flipIndex[i];
      out[3 * i] = width - kps[3 * src];
      out[3 * i + 1] = kps[3 * src + 1];
      out[3 * i + 2] = kps[3 * src + 2];
    }
    return out;
  }
}
