package posespark.models.pose;

import posespark.models.image.DecodedImage;

/**
 * A second-stage pose refinement (PoseFix-style: input pose + image → refined pose), run after
 * decoding and before rescoring. The pipeline runs none unless one is given.
 */
public interface PoseRefiner {

  /** Refined {@code [x, y, score] × 17} (image pixels) for a pose found in {@code image}. */
  float[] refine(DecodedImage image, PersonPose pose);
}
