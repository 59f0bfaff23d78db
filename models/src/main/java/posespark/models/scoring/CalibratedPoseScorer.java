package posespark.models.scoring;

import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.pose.PoseScorer;

/** Scores candidates with the {@link PoseScoringModel}: each score estimates the pose's OKS. */
public final class CalibratedPoseScorer implements PoseScorer {

  private final PoseScoringModel model;
  private final PoseFeatures features = new PoseFeatures();

  public CalibratedPoseScorer(PoseScoringModel model) {
    this.model = model;
  }

  @Override
  public double[] score(List<Box> boxes, List<float[]> keypoints, int imageWidth, int imageHeight) {
    return score(boxes, keypoints, null, imageWidth, imageHeight);
  }

  @Override
  public double[] score(List<Box> boxes, List<float[]> keypoints, List<float[]> heatmapStats,
      int imageWidth, int imageHeight) {
    double[][] x = features.of(boxes, keypoints, heatmapStats, imageWidth, imageHeight);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = model.score(x[i]);
    }
    return out;
  }
}
