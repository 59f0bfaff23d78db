package posespark.models.pose;

import java.util.List;
import posespark.models.geometry.Box;

/**
 * Scores the candidate poses of one image, all at once (a score may depend on the other candidates,
 * e.g. a duplicate of a better pose). The pipeline ranks, suppresses and thresholds by this score.
 */
public interface PoseScorer {

  /**
   * @param boxes     each candidate's box (its score = box score)
   * @param keypoints each candidate's {@code [x, y, score] × K}, image pixels
   * @return one score per candidate
   */
  double[] score(List<Box> boxes, List<float[]> keypoints, int imageWidth, int imageHeight);

  /**
   * Scores with each candidate's heatmap statistics at hand ({@link PersonPose#heatmapStats()};
   * empty arrays where a path has none). Scorers that do not read them ignore them.
   */
  default double[] score(List<Box> boxes, List<float[]> keypoints, List<float[]> heatmapStats,
      int imageWidth, int imageHeight) {
    return score(boxes, keypoints, imageWidth, imageHeight);
  }

  /** Box score × mean keypoint score (or HRNet's variant), candidate by candidate. */
  static PoseScorer of(PoseRescoring rescoring) {
    return (boxes, keypoints, w, h) -> {
      double[] out = new double[boxes.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = rescoring.score(boxes.get(i).score(), keypoints.get(i));
      }
      return out;
    };
  }
}
