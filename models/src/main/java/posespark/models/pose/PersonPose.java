package posespark.models.pose;

import posespark.models.geometry.Box;

/**
 * One person found in an image: the box it was estimated in and its COCO-17 keypoints.
 *
 * @param box          the person box (image pixels) the pose was estimated from
 * @param poseScore    the rescored confidence used for ranking (e.g. box score × mean keypoint score)
 * @param keypoints    {@code [x, y, score] × 17} in COCO order, image pixels
 * @param heatmapStats the decoder's per-joint {@link posespark.models.heatmap.HeatmapStats} for the
 *                     scorer; empty where the pose came without heatmaps
 */
public record PersonPose(Box box, double poseScore, float[] keypoints, float[] heatmapStats) {

  private static final float[] NONE = new float[0];

  public PersonPose {
    if (keypoints.length % 3 != 0) {
      throw new IllegalArgumentException("keypoints must be [x, y, score] triples");
    }
    heatmapStats = heatmapStats == null ? NONE : heatmapStats;
  }

  /** A pose without heatmap statistics. */
  public PersonPose(Box box, double poseScore, float[] keypoints) {
    this(box, poseScore, keypoints, NONE);
  }

  /** Number of keypoints (17 for COCO). */
  public int keypointCount() {
    return keypoints.length / 3;
  }
}
