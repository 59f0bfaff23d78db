package posespark.models.pose;

import posespark.models.geometry.Box;

/**
 * One person found in an image: the box it was estimated in and its COCO-17 keypoints.
 *
 * @param box       the person box (image pixels) the pose was estimated from
 * @param poseScore the rescored confidence used for ranking (e.g. box score × mean keypoint score)
 * @param keypoints {@code [x, y, score] × 17} in COCO order, image pixels
 */
public record PersonPose(Box box, double poseScore, float[] keypoints) {

  public PersonPose {
    if (keypoints.length % 3 != 0) {
      throw new IllegalArgumentException("keypoints must be [x, y, score] triples");
    }
  }

  /** Number of keypoints (17 for COCO). */
  public int keypointCount() {
    return keypoints.length / 3;
  }
}
