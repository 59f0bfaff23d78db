package posespark.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.heatmap.HeatmapGrid;
import posespark.models.heatmap.Heatmaps;

/** Augmented views join the ensemble average per cell, over the views that saw the cell. */
class EnsembleViewAverageTest {

  private static final HeatmapGrid GRID = HeatmapGrid.centred(4, 4);

  private static Heatmaps filled(float value) {
    Heatmaps h = Heatmaps.zeros(2, GRID);
    Arrays.fill(h.data(), value);
    return h;
  }

  @Test
  void viewsAverageWithTheReferenceOnlyWhereTheySaw() {
    Heatmaps view = filled(0.8f);
    view.data()[0] = Float.NaN; // channel 0, cell 0 unseen (as every channel of that cell)
    view.data()[16] = Float.NaN;
    MemberOutput a = new MemberOutput(filled(0.2f), filled(0.4f), null, null, List.of(view));
    MemberOutput b = new MemberOutput(filled(0.5f), filled(0.5f), null, null, List.of(filled(0.2f)));
    EnsembleDecoder decoder = new EnsembleDecoder(GRID, new double[] {2, 1}, true, null, null,
        Localisation.QUARTER);
    Heatmaps avg = decoder.average(List.of(a, b));
    // Seen cells: (2 * 0.3 + 2 * 0.8 + 1 * 0.5 + 1 * 0.2) / 6; cell 0: (2 * 0.3 + 0.5 + 0.2) / 4.
    assertThat(avg.at(1, 2, 3)).isCloseTo((float) (2.9 / 6), within(1e-6f));
    assertThat(avg.at(0, 0, 0)).isCloseTo((float) (1.3 / 4), within(1e-6f));
    assertThat(avg.at(1, 0, 0)).isCloseTo((float) (1.3 / 4), within(1e-6f));
  }

  @Test
  void withoutViewsTheAverageIsUnchanged() {
    MemberOutput a = new MemberOutput(filled(0.2f), filled(0.4f), null, null);
    EnsembleDecoder decoder = new EnsembleDecoder(GRID, new double[] {1}, true, null, null,
        Localisation.QUARTER);
    assertThat(decoder.average(List.of(a)).at(0, 1, 1)).isCloseTo(0.3f, within(1e-7f));
  }
}
