package posespark.models.render;

/**
 * One person to draw, in image pixels.
 *
 * @param x         box left
 * @param y         box top
 * @param w         box width
 * @param h         box height
 * @param score     the person's score, printed by its box
 * @param keypoints 17 keypoints in COCO order, flat {@code [x, y, score, ...]}
 */
public record DrawnPose(double x, double y, double w, double h, double score, double[] keypoints)
    implements java.io.Serializable {

  public DrawnPose {
    if (keypoints.length % 3 != 0) {
      throw new IllegalArgumentException("keypoints must be (x, y, score) triples, got " + keypoints.length
          + " values");
    }
  }

  /** Number of keypoints. */
  public int count() {
    return keypoints.length / 3;
  }

  public double kx(int k) {
    return keypoints[3 * k];
  }

  public double ky(int k) {
    return keypoints[3 * k + 1];
  }

  public double kscore(int k) {
    return keypoints[3 * k + 2];
  }
}
