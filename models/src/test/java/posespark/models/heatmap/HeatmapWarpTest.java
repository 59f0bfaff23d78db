package posespark.models.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import posespark.models.keypoints.CocoKeypoints;

/**
 * A keypoint at normalised crop point (u, v) is encoded on a model's grid, for the plain and for the
 * mirrored crop, warped into a common centred 64x64 frame and decoded back: the point must come
 * back whatever the model's cell convention.
 */
class HeatmapWarpTest {

  private static final HeatmapGrid COMMON = HeatmapGrid.centred(64, 64);
  private static final int LEFT_WRIST = CocoKeypoints.indexOf("left_wrist");
  private static final int RIGHT_WRIST = CocoKeypoints.indexOf("right_wrist");

  /** Heatmaps on {@code grid} with a Gaussian for {@code channel} at normalised point (u, v). */
  private static Heatmaps encode(HeatmapGrid grid, int channel, double u, double v, double sigma) {
    Heatmaps h = Heatmaps.zeros(17, grid);
    new GaussianHeatmapEncoder(sigma).encode(grid.cellX(u), grid.cellY(v), h.data(), h.offset(channel),
        grid.width(), grid.height());
    return h;
  }

  private static double[] decode(Heatmaps h, int channel) {
    Peak p = new DarkDecoder(null).decode(h.data(), h.offset(channel), h.width(), h.height());
    return new double[] {h.grid().u(p.x()), h.grid().v(p.y())};
  }

  @Test
  void plainWarpPreservesTheCropPointAcrossCellConventions() {
    for (HeatmapGrid grid : new HeatmapGrid[] {HeatmapGrid.centred(64, 64),
        HeatmapGrid.cornerAligned(64, 64), HeatmapGrid.centred(48, 48),
        HeatmapGrid.strided(25, 25, 16, 385, 385)}) {
      double sigma = grid.width() / 16.0;
      Heatmaps warped = HeatmapWarp.warp(encode(grid, LEFT_WRIST, 0.413, 0.622, sigma), COMMON, null);
      double[] uv = decode(warped, LEFT_WRIST);
      assertThat(uv[0]).as("u on %s", grid).isCloseTo(0.413, within(0.004));
      assertThat(uv[1]).as("v on %s", grid).isCloseTo(0.622, within(0.004));
    }
  }

  @Test
  void flippedCropUnmirrorsToTheSamePointAndSwapsLeftAndRight() {
    for (HeatmapGrid grid : new HeatmapGrid[] {HeatmapGrid.centred(64, 64),
        HeatmapGrid.cornerAligned(64, 64)}) {
      // In the mirrored crop the person's left wrist appears at 1 - u, on the right-wrist channel.
      Heatmaps flipped = encode(grid, RIGHT_WRIST, 1 - 0.413, 0.622, 4);
      Heatmaps warped = HeatmapWarp.warp(flipped, COMMON, CocoKeypoints.flipIndex());
      double[] uv = decode(warped, LEFT_WRIST);
      assertThat(uv[0]).as("u on %s", grid).isCloseTo(0.413, within(0.002));
      assertThat(uv[1]).as("v on %s", grid).isCloseTo(0.622, within(0.002));
      assertThat(warped.at(RIGHT_WRIST, 40, 26)).isEqualTo(0f);
    }
  }

  @Test
  void flipOfCentredCellsIsAnExactArrayMirror() {
    HeatmapGrid grid = HeatmapGrid.centred(8, 4);
    Heatmaps h = Heatmaps.zeros(17, grid);
    for (int i = 0; i < h.data().length; i++) {
      h.data()[i] = i;
    }
    Heatmaps warped = HeatmapWarp.warp(h, grid, CocoKeypoints.flipIndex());
    assertThat(warped.at(1, 2, 3)).isEqualTo(h.at(2, 2, 4));
    assertThat(warped.at(0, 0, 0)).isEqualTo(h.at(0, 0, 7));
  }

  @Test
  void flipOfCornerCellsShiftsByOneCell() {
    HeatmapGrid grid = HeatmapGrid.cornerAligned(8, 4);
    Heatmaps h = Heatmaps.zeros(17, grid);
    for (int i = 0; i < h.data().length; i++) {
      h.data()[i] = i;
    }
    Heatmaps warped = HeatmapWarp.warp(h, grid, CocoKeypoints.flipIndex());
    // Cell x mirrors to 8 - x (HRNet's flip_back + one-pixel shift); x = 0 clamps to the last cell.
    assertThat(warped.at(1, 2, 3)).isEqualTo(h.at(2, 2, 5));
    assertThat(warped.at(0, 1, 0)).isEqualTo(h.at(0, 1, 7));
  }

  @Test
  void logitsPassThroughASigmoidWhenPickedFromNhwc() {
    HeatmapGrid grid = HeatmapGrid.centred(2, 1);
    float[] nhwc = {0f, 2f, 5f, -2f};
    Heatmaps h = Heatmaps.fromNhwc(nhwc, 0, grid, 2, new int[] {1}, true);
    assertThat(h.at(0, 0, 0)).isCloseTo((float) (1 / (1 + Math.exp(-2))), within(1e-6f));
    assertThat(h.at(0, 0, 1)).isCloseTo((float) (1 / (1 + Math.exp(2))), within(1e-6f));
  }

  /**
   * The warp computes its bilinear taps once per row and column: each target cell must still equal
   * {@link Heatmaps#sample} at the cell's source point, bit for bit, plain and mirrored, onto finer,
   * coarser and shifted grids (the clamping at the borders included).
   */
  @Test
  void warpEqualsPerCellSamplingBitForBit() {
    java.util.Random random = new java.util.Random(3);
    int[] flipIndex = CocoKeypoints.flipIndex();
    HeatmapGrid[][] pairs = {{HeatmapGrid.cornerAligned(64, 64), COMMON},
        {HeatmapGrid.centred(48, 36), COMMON}, {HeatmapGrid.strided(25, 25, 16, 385, 385), HeatmapGrid.centred(40, 30)},
        {COMMON, COMMON}};
    for (HeatmapGrid[] pair : pairs) {
      HeatmapGrid from = pair[0];
      HeatmapGrid to = pair[1];
      Heatmaps source = Heatmaps.zeros(17, from);
      for (int i = 0; i < source.data().length; i++) {
        source.data()[i] = random.nextFloat();
      }
      for (boolean mirrored : new boolean[] {false, true}) {
        Heatmaps warped = HeatmapWarp.warp(source, to, mirrored ? flipIndex : null);
        float[] expected = new float[17 * to.cells()];
        for (int k = 0; k < 17; k++) {
          for (int y = 0; y < to.height(); y++) {
            for (int x = 0; x < to.width(); x++) {
              double u = to.u(x);
              expected[k * to.cells() + y * to.width() + x] = source.sample(mirrored ? flipIndex[k] : k,
                  from.cellX(mirrored ? 1 - u : u), from.cellY(to.v(y)));
            }
          }
        }
        assertThat(warped.data()).as("%s -> %s mirrored=%s", from, to, mirrored).containsExactly(expected);
      }
    }
  }
}
