package posespark.models.ensemble;

import java.util.List;
import posespark.models.heatmap.Heatmaps;
import posespark.models.heatmap.KeypointOffsets;

/**
 * One member's evidence for one crop, ready for the ensemble: heatmaps in the common frame (COCO
 * order), the flipped crop's heatmaps un-mirrored into the same frame, and, when the model has
 * them, its own offsets (on its own grid) and the keypoints it regresses from the crop's centre
 * person (common-frame cells, {@code [K][x, y]}).
 *
 * <p>With test-time augmentation, {@code views} holds one heatmap set per augmented view (scaled or
 * turned crop), warped back into the reference crop's common frame and already averaged with the
 * view's flipped twin; cells a view did not see are NaN. Offsets and the centre regression always
 * come from the reference crop: they are read at one cell rather than averaged.
 *
 * @param plain     heatmaps of the crop, common frame
 * @param flipped   heatmaps of the mirrored crop, un-mirrored into the common frame; null without flip
 * @param offsets   the model's offsets for the plain crop, or null
 * @param regressed centre-person keypoints in common-frame cells, or null
 * @param views     the augmented views' heatmaps, common frame, NaN where unseen (empty: none)
 */
public record MemberOutput(Heatmaps plain, Heatmaps flipped, KeypointOffsets offsets,
    double[][] regressed, List<Heatmaps> views) {

  public MemberOutput {
    views = List.copyOf(views);
  }

  /** Evidence without augmented views. */
  public MemberOutput(Heatmaps plain, Heatmaps flipped, KeypointOffsets offsets, double[][] regressed) {
    this(plain, flipped, offsets, regressed, List.of());
  }
}
