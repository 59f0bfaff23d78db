package posespark.models.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TargetPersonPriorTest {

  @Test
  void priorPrefersTheWeakerPeakNearTheExpectedLocation() {
    int w = 64;
    float[] map = new float[w * w];
    float[] neighbour = new float[w * w];
    GaussianHeatmapEncoder enc = new GaussianHeatmapEncoder(2);
    enc.encode(10.2, 12.4, neighbour, 0, w, w);
    enc.encode(40.6, 33.3, map, 0, w, w);
    for (int i = 0; i < map.length; i++) {
      map[i] = Math.max(0.6f * map[i], neighbour[i]);
    }
    assertThat(new QuarterOffsetDecoder().decode(map, 0, w, w).cellX()).isEqualTo(10);
    float[] weighted = new TargetPersonPrior().weigh(map, 0, w, w, 37, 36);
    int chosen = HeatmapDecoder.argmax(weighted, 0, w * w);
    assertThat(chosen % w).as("prior picks the near person's peak, on its flank").isBetween(37, 40);
    int top = HeatmapDecoder.climb(map, 0, w, w, chosen);
    Peak p = new QuarterOffsetDecoder().refine(map, 0, w, w, top % w, top / w);
    assertThat(p.x()).isCloseTo(40.6, within(0.3));
    assertThat(p.y()).isCloseTo(33.3, within(0.3));
  }

  @Test
  void weightIsOneOverDistancePlusBias() {
    float[] map = {1f, 1f, 1f};
    float[] weighted = new TargetPersonPrior(1.8).weigh(map, 0, 3, 1, 0, 0);
    assertThat(weighted[0]).isCloseTo(1 / 1.8f, within(1e-6f));
    assertThat(weighted[2]).isCloseTo(1 / 3.8f, within(1e-6f));
  }

  @Test
  void offsetsRefineFromTheCellCorner() {
    HeatmapGrid grid = HeatmapGrid.centred(4, 4);
    float[] nhwc = new float[4 * 4 * 34];
    int cell = 2 * 4 + 1; // y=2, x=1
    nhwc[cell * 34 + 2 * 3] = 0.7f;      // dy of keypoint 3 (interleaved)
    nhwc[cell * 34 + 2 * 3 + 1] = 0.2f;  // dx of keypoint 3
    int[] identity = new int[17];
    for (int k = 0; k < 17; k++) {
      identity[k] = k;
    }
    KeypointOffsets offsets = KeypointOffsets.fromNhwc(nhwc, 0, grid, identity, true, 1, -0.5);
    double[] xy = offsets.refine(3, 1, 2);
    // MoveNet: normalised x = (cell + dx) / W.
    assertThat(grid.u(xy[0])).isCloseTo((1 + 0.2) / 4, within(1e-6));
    assertThat(grid.v(xy[1])).isCloseTo((2 + 0.7) / 4, within(1e-6));
  }
}
