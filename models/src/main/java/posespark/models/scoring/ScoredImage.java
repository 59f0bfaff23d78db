package posespark.models.scoring;

import java.util.List;
import posespark.models.geometry.Box;

/**
 * The candidates of one image from one box source, with what fitting and evaluation need.
 *
 * @param source    box source of the dump ("gt" or "detector")
 * @param imageId   COCO image id
 * @param boxes     candidate boxes
 * @param keypoints candidate keypoints
 * @param features  {@link PoseFeatures} per candidate
 * @param legacy    the legacy score (box × mean keypoint score) per candidate
 * @param target    OKS with the ground-truth person matched to it (0: none)
 * @param known     false where the candidate lies on a person COCO ignores (crowd, no keypoints):
 *                  its OKS is unknown, so fitting and calibration leave it out
 * @param persons   ground-truth person count (non-crowd annotations, possibly only those of at
 *                  least a given height)
 */
public record ScoredImage(String source, long imageId, List<Box> boxes, List<float[]> keypoints,
    double[][] features, double[] legacy, double[] target, boolean[] known, int persons) {}
