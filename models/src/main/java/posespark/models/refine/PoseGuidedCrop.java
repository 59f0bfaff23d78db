package posespark.models.refine;

import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;

/**
 * The crop a refinement looks at, re-estimated from the first pass: the tight box around the
 * pose's confident keypoints (score ≥ {@code minScore}), grown to the models' aspect and scaled by
 * {@code scale}. Keypoints hug the joints (no head top, no feet soles), so the scale that works
 * here is larger than the 1.25 used around person boxes. With fewer than {@code minJoints}
 * confident keypoints the pose says too little about the person and the window falls back to the
 * input box with {@code fallbackScale}.
 *
 * <p>With {@code union}, the box is the union of the keypoint box and the input box instead (a
 * detector box that cuts off limbs grows to take in the joints found outside it; it never shrinks
 * to a few confident joints, e.g. a face).
 *
 * @param minScore      keypoint score from which a joint counts as confident
 * @param minJoints     confident joints needed to trust the pose's extent
 * @param scale         window / keypoint box
 * @param fallbackScale window / input box when the pose is not trusted
 * @param union         grow the input box by the keypoint box instead of replacing it
 */
public record PoseGuidedCrop(double minScore, int minJoints, double scale, double fallbackScale,
    boolean union) {

  /** The keypoint box replaces the input box. */
  public PoseGuidedCrop(double minScore, int minJoints, double scale, double fallbackScale) {
    this(minScore, minJoints, scale, fallbackScale, false);
  }

  public PoseGuidedCrop {
    if (!(scale > 0) || !(fallbackScale > 0)) {
      throw new IllegalArgumentException("crop scales must be positive: " + scale + ", " + fallbackScale);
    }
    if (minJoints < 2) {
      throw new IllegalArgumentException("a keypoint box needs at least 2 joints: " + minJoints);
    }
  }

  /** The box around the confident keypoints, or null when fewer than {@link #minJoints} are. */
  public Box keypointBox(float[] keypoints) {
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (int k = 0; k < keypoints.length; k += 3) {
      if (keypoints[k + 2] >= minScore) {
        x0 = Math.min(x0, keypoints[k]);
        x1 = Math.max(x1, keypoints[k]);
        y0 = Math.min(y0, keypoints[k + 1]);
        y1 = Math.max(y1, keypoints[k + 1]);
        n++;
      }
    }
    return n < minJoints ? null : new Box(x0, y0, x1 - x0, y1 - y0, 1.0);
  }

  /** The refinement window for a pose estimated in {@code inputBox}. */
  public CropWindow window(float[] keypoints, Box inputBox, double aspectHw) {
    Box box = keypointBox(keypoints);
    if (box == null) {
      return CropWindow.around(inputBox, aspectHw, fallbackScale);
    }
    if (union) {
      double x0 = Math.min(box.x(), inputBox.x());
      double y0 = Math.min(box.y(), inputBox.y());
      double x1 = Math.max(box.x() + box.w(), inputBox.x() + inputBox.w());
      double y1 = Math.max(box.y() + box.h(), inputBox.y() + inputBox.h());
      box = new Box(x0, y0, x1 - x0, y1 - y0, inputBox.score());
    }
    return CropWindow.around(box, aspectHw, scale);
  }
}
