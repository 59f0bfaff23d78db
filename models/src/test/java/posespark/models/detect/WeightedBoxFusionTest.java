package posespark.models.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.Box;

class WeightedBoxFusionTest {

  private final WeightedBoxFusion wbf = new WeightedBoxFusion(0.55);

  @Test
  void boxesOfAllDetectorsFuseToScoreWeightedCornersAndTheirMeanScore() {
    List<Box> fused = wbf.fuse(List.of(
        List.of(new Box(0, 0, 100, 200, 0.9)),
        List.of(new Box(10, 0, 100, 200, 0.6)),
        List.of(new Box(0, 10, 100, 200, 0.3))));
    assertThat(fused).hasSize(1);
    Box f = fused.get(0);
    // x1 = (0.9·0 + 0.6·10 + 0.3·0) / 1.8, x2 = (0.9·100 + 0.6·110 + 0.3·100) / 1.8, ...
    assertThat(f.x()).isCloseTo(10 / 3.0, within(1e-9));
    assertThat(f.y()).isCloseTo(5 / 3.0, within(1e-9));
    assertThat(f.x() + f.w()).isCloseTo(310 / 3.0, within(1e-9));
    assertThat(f.y() + f.h()).isCloseTo(605 / 3.0, within(1e-9));
    assertThat(f.score()).as("mean of 0.9, 0.6, 0.3; all three agree").isCloseTo(0.6, within(1e-12));
  }

  @Test
  void aBoxFewerDetectorsFoundLosesConfidenceInProportion() {
    List<Box> fused = wbf.fuse(List.of(
        List.of(new Box(0, 0, 50, 100, 0.8), new Box(300, 0, 50, 100, 0.9)),
        List.of(new Box(2, 0, 50, 100, 0.6)),
        List.of()));
    assertThat(fused).hasSize(2);
    // The pair: mean 0.7 × 2/3; the lone box: 0.9 × 1/3, so the pair now ranks first.
    assertThat(fused.get(0).score()).isCloseTo(0.7 * 2 / 3, within(1e-12));
    assertThat(fused.get(0).x()).isCloseTo(1.2 / 1.4, within(1e-9));
    assertThat(fused.get(1).score()).isCloseTo(0.3, within(1e-12));
    assertThat(fused.get(1).x()).isEqualTo(300);
  }

  @Test
  void boxesOverlappingLessThanTheThresholdStaySeparate() {
    // IoU of [0,100] and [50,150] (same height) = 50/150 = 0.33 < 0.55.
    List<Box> fused = wbf.fuse(List.of(List.of(new Box(0, 0, 100, 100, 0.5)),
        List.of(new Box(50, 0, 100, 100, 0.7))));
    assertThat(fused).extracting(Box::x).containsExactly(50.0, 0.0);
    assertThat(fused).extracting(Box::score).containsExactly(0.35, 0.25);
  }

  @Test
  void aBoxJoinsTheClusterOfTheHighestScoringMatchFirst() {
    // Two clusters both overlap the third box above the threshold; it joins the first one made,
    // which is the best-scored.
    List<Box> fused = wbf.fuse(List.of(
        List.of(new Box(0, 0, 100, 100, 0.9)),
        List.of(new Box(20, 0, 100, 100, 0.8), new Box(10, 0, 100, 100, 0.4))));
    // IoU(0..100, 20..120) = 80/120 = 0.67 > 0.55: the 0.8 box joins the 0.9 box too.
    assertThat(fused).hasSize(1);
    Box f = fused.get(0);
    assertThat(f.x()).isCloseTo((0.8 * 20 + 0.4 * 10) / 2.1, within(1e-9));
    assertThat(f.score()).as("mean 0.7 × min(2, 3) / 2").isCloseTo(0.7, within(1e-12));
  }

  @Test
  void thresholdOutsideTheUnitIntervalIsRefused() {
    assertThatThrownBy(() -> new WeightedBoxFusion(1.5)).hasMessageContaining("(0, 1)");
  }
}
