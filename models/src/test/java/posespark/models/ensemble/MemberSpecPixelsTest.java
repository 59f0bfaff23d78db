package posespark.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import posespark.models.heatmap.HeatmapGrid;

/**
 * {@link MemberSpec#scalePixels} takes shortcuts (identity range, rounding without Math.round): its
 * values must be those of {@link MemberSpec#scalePixel} and {@link Math#round(float)} per pixel, bit
 * for bit, for MoveNet's int input on [0, 255], BlazePose's float input on [0, 1] and an int input on
 * another range, including the values just below and at the rounding ties.
 */
class MemberSpecPixelsTest {

  private static MemberSpec spec(boolean intInput, double low, double high) {
    return new MemberSpec("m", 4, 4, intInput, low, high, "heatmaps", 17, HeatmapGrid.centred(1, 1), false,
        new int[17], null, null);
  }

  private static float[] pixels() {
    Random random = new Random(7);
    float[] p = new float[(1 << 20) + 3 * 256];
    int i = 0;
    for (; i < (1 << 20); i++) {
      p[i] = random.nextFloat() * 255;
    }
    for (int v = 0; v < 256; v++) {
      p[i++] = v + 0.5f;
      p[i++] = Math.nextDown(v + 0.5f);
      p[i++] = v;
    }
    return p;
  }

  @Test
  void scalePixelsEqualsScalePixelAndRoundPerPixel() {
    for (MemberSpec spec : new MemberSpec[] {spec(true, 0, 255), spec(false, 0, 1), spec(true, -128, 127),
        spec(false, -1, 1)}) {
      float[] in = pixels();
      float[] expected = new float[in.length];
      for (int i = 0; i < in.length; i++) {
        float v = spec.scalePixel(in[i]);
        expected[i] = spec.intInput() ? Math.round(v) : v;
      }
      float[] out = in.clone();
      spec.scalePixels(out);
      int mismatch = java.util.Arrays.mismatch(out, expected);
      assertThat(mismatch).as("%s [%s, %s]: first differing pixel %s (%s -> %s, expected %s)",
          spec.intInput() ? "int" : "float", spec.rangeLow(), spec.rangeHigh(), mismatch,
          mismatch < 0 ? "" : in[mismatch], mismatch < 0 ? "" : out[mismatch],
          mismatch < 0 ? "" : expected[mismatch]).isEqualTo(-1);
    }
  }

  @Test
  void roundHalfUpIsMathRoundForNegativesAndLargeValuesToo() {
    for (float v : new float[] {-2.5f, -0.5f, Math.nextDown(-0.5f), -1e-20f, -0f, 1e9f, Math.nextDown(2.5f), 8388607.5f}) {
      assertThat(MemberSpec.roundHalfUp(v)).as("%s", v).isEqualTo((float) Math.round(v));
    }
  }
}
