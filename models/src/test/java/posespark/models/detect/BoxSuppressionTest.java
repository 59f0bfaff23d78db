package posespark.models.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.Box;

class BoxSuppressionTest {

  private final Box a = new Box(0, 0, 10, 10, 0.9);
  private final Box overlapping = new Box(1, 0, 10, 10, 0.8);   // IoU 90/110
  private final Box apart = new Box(50, 50, 10, 10, 0.7);

  @Test
  void iouOfShiftedSquares() {
    assertThat(BoxSuppression.iou(a, overlapping)).isCloseTo(90.0 / 110, within(1e-12));
    assertThat(BoxSuppression.iou(a, apart)).isEqualTo(0);
  }

  @Test
  void hardNmsDropsTheOverlappingLowerBox() {
    List<Box> kept = BoxSuppression.nms(List.of(apart, overlapping, a), 0.5);
    assertThat(kept).containsExactly(a, apart);
  }

  @Test
  void hardNmsKeepsOverlapBelowThreshold() {
    assertThat(BoxSuppression.nms(List.of(a, overlapping), 0.85)).hasSize(2);
  }

  @Test
  void softNmsDecaysInsteadOfDropping() {
    List<Box> kept = BoxSuppression.softNms(List.of(overlapping, apart, a), 0.5, 0.001);
    assertThat(kept).hasSize(3);
    assertThat(kept.get(0)).isEqualTo(a);
    assertThat(kept.get(1)).isEqualTo(apart);
    double iou = 90.0 / 110;
    assertThat(kept.get(2).score()).isCloseTo(0.8 * Math.exp(-iou * iou / 0.5), within(1e-12));
  }

  @Test
  void softNmsDropsBoxesDecayedBelowTheFloor() {
    List<Box> kept = BoxSuppression.softNms(List.of(a, overlapping), 0.5, 0.3);
    assertThat(kept).containsExactly(a);
  }
}
