package posespark.models.ensemble;

import posespark.models.heatmap.Heatmaps;
import posespark.models.heatmap.KeypointOffsets;

/**
 * One member's evidence for one crop, ready for the ensemble: heatmaps in the common frame (COCO
 * order), the flipped crop's heatmaps un-mirrored into the same frame, and, when the model has
 * them, its own offsets (on its own grid) and the keypoints it regresses from the crop's centre
 * person (common-frame cells, {@code [K][x, y]}).
 *
 * @param plain     heatmaps of the crop, common frame
 * @param flipped   heatmaps of the mirrored crop, un-mirrored into the common frame; null without flip
 * @param offsets   the model's offsets for the plain crop, or null
 * @param regressed centre-person keypoints in common-frame cells, or null
 */
public record MemberOutput(Heatmaps plain, Heatmaps flipped, KeypointOffsets offsets,
    double[][] regressed) {}
