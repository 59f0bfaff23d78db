package posespark.models.keypoints;

/**
 * A pose's shape with position and size removed, for "find poses like this one": the keypoints'
 * {@code (x, y)} minus their centroid, divided by the Euclidean norm of the result. Two poses that
 * differ only by a translation and a uniform scale have the same shape; their similarity, the dot
 * product of the shapes (the cosine of the angle between the centred vectors), is 1. Scores play no
 * part: the shape describes where the keypoints are, whatever their confidence.
 */
public final class PoseShape {

  private PoseShape() {}

  /**
   * The shape vector {@code [x1, y1, x2, y2, ...]} (length {@code 2K}, unit norm), or {@code null}
   * when all keypoints coincide (no shape to speak of).
   */
  public static double[] normalize(double[] kps) {
    int k = PoseGeometry.keypointCount(kps);
    double cx = 0;
    double cy = 0;
    for (int i = 0; i < k; i++) {
      cx += kps[3 * i];
      cy += kps[3 * i + 1];
    }
    cx /= k;
    cy /= k;
    double[] out = new double[2 * k];
    double norm2 = 0;
    for (int i = 0; i < k; i++) {
      double dx = kps[3 * i] - cx;
      double dy = kps[3 * i + 1] - cy;
      out[2 * i] = dx;
      out[2 * i + 1] = dy;
      norm2 += dx * dx + dy * dy;
    }
    if (!(norm2 > 0)) {
      return null;
    }
    double norm = Math.sqrt(norm2);
    for (int i = 0; i < out.length; i++) {
      out[i] /= norm;
    }
    return out;
  }

  /**
   * Cosine similarity in [-1, 1] of two poses' shapes; {@code NaN} when either has none. Both poses
   * must have the same number of keypoints.
   */
  public static double similarity(double[] kpsA, double[] kpsB) {
    if (kpsA.length != kpsB.length) {
      throw new IllegalArgumentException("poses have " + kpsA.length / 3 + " and " + kpsB.length / 3
          + " keypoints");
    }
    double[] a = normalize(kpsA);
    double[] b = normalize(kpsB);
    if (a == null || b == null) {
      return Double.NaN;
    }
    return dot(a, b);
  }

  /** Dot product of two shape vectors of the same length. */
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
