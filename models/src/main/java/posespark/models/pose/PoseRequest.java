package posespark.models.pose;

import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;

/**
 * One image to annotate, with the person boxes to use, or {@code null} boxes to let the pipeline's
 * person detector find them.
 *
 * @param imageId the image's stable id (carried through for logging and ordering)
 * @param image   the decoded pixels
 * @param boxes   person boxes in image pixels, or {@code null} for detection
 */
public record PoseRequest(long imageId, DecodedImage image, List<Box> boxes) {}
