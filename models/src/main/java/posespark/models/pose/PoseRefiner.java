package posespark.models.pose;

import java.util.List;
import posespark.models.image.DecodedImage;

/**
 * A second-stage pose refinement (PoseFix-style: input pose + image → refined pose), run after
 * decoding and before rescoring. Batched: a refiner receives every pose of a pipeline batch at
 * once, so that its models run on all new crops in one call. The pipeline runs none unless one is
 * given.
 */
public interface PoseRefiner {

  /** One pose to refine and the image it was found in. */
  record Target(DecodedImage image, PersonPose pose) {}

  /**
   * Refined {@code [x, y, score] × 17} (image pixels) per target, in order. A failure of the
   * refiner's models is thrown: no pose of the batch can be blamed.
   */
  List<float[]> refine(List<Target> targets);
}
