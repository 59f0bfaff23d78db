package posespark.models.pose;

/**
 * Pose confidence used for ranking: box score × mean keypoint score. The HRNet variant averages
 * only keypoints scoring above a threshold (0.2); it measured worse for the heatmap models used
 * here, so the default averages all keypoints.
 */
public final class PoseRescoring {

  private final double keypointThreshold;

  /** Mean over all keypoints. */
  public static PoseRescoring allKeypoints() {
    return new PoseRescoring(Double.NEGATIVE_INFINITY);
  }

  /** HRNet's: mean over keypoints above {@code threshold} (0 when none). */
  public static PoseRescoring aboveThreshold(double threshold) {
    return new PoseRescoring(threshold);
  }

  private PoseRescoring(double keypointThreshold) {
    this.keypointThreshold = keypointThreshold;
  }

  /** Score of a pose {@code [x, y, score] × K} found in a box of the given score. */
  public double score(double boxScore, float[] keypoints) {
    double sum = 0;
    int n = 0;
    for (int k = 2; k < keypoints.length; k += 3) {
      if (keypoints[k] > keypointThreshold) {
        sum += keypoints[k];
        n++;
      }
    }
    return n == 0 ? 0 : boxScore * sum / n;
  }
}
