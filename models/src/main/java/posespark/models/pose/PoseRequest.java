package posespark.models.pose;

import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;

/**
 * One image to annotate, with the person boxes to use, or {@code null} boxes to let the pipeline's
 * person detector find them; or with poses from another system to refine instead of estimating.
 *
 * @param imageId the image's stable id (carried through for logging and ordering)
 * @param image   the decoded pixels
 * @param boxes   person boxes in image pixels, or {@code null} for detection
 * @param poses   input poses to refine (their boxes are then the persons), or {@code null} to
 *                estimate poses in the boxes
 */
public record PoseRequest(long imageId, DecodedImage image, List<Box> boxes, List<PersonPose> poses) {

  /** A request to estimate poses in {@code boxes} (null: detect persons). */
  public PoseRequest(long imageId, DecodedImage image, List<Box> boxes) {
    this(imageId, image, boxes, null);
  }

  /** A request to refine poses of another system (the pipeline needs a refiner). */
  public static PoseRequest refining(long imageId, DecodedImage image, List<PersonPose> poses) {
    return new PoseRequest(imageId, image, poses.stream().map(PersonPose::box).toList(), List.copyOf(poses));
  }
}
