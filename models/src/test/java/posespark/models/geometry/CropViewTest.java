package posespark.models.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.image.DecodedImage;

/** Scaled and turned crop views: the affine crop samples where the view says, and maps back. */
class CropViewTest {

  private static final CropWindow WINDOW = new CropWindow(100.3, 90.7, 96, 128);

  /** A 220×200 image: red = x, green = y (pixel i centred at i + 0.5), blue 7. */
  private static DecodedImage ramp() {
    int w = 220;
    int h = 200;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rgb[(y * w + x) * 3] = (byte) x;
        rgb[(y * w + x) * 3 + 1] = (byte) y;
        rgb[(y * w + x) * 3 + 2] = 7;
      }
    }
    return new DecodedImage(w, h, rgb);
  }

  @Test
  void toViewInvertsImagePointOnANonSquareWindow() {
    for (CropView view : List.of(new CropView(1.15, 15), new CropView(0.9, -10), new CropView(1, 90))) {
      for (double[] uv : new double[][] {{0.1, 0.2}, {0.5, 0.5}, {0.93, 0.41}, {0.3, 0.97}}) {
        double[] p = view.imagePoint(WINDOW, uv[0], uv[1]);
        double[] back = new double[2];
        view.toView(WINDOW.u(p[0]), WINDOW.v(p[1]), WINDOW.height() / WINDOW.width(), back);
        assertThat(back[0]).as("u' of %s at %s", view, uv[0]).isCloseTo(uv[0], within(1e-12));
        assertThat(back[1]).as("v' of %s at %s", view, uv[1]).isCloseTo(uv[1], within(1e-12));
      }
    }
  }

  @Test
  void turnedViewKeepsTheCentreAndTurnsTheAxesClockwise() {
    CropView quarter = new CropView(1, 90);
    double[] centre = quarter.imagePoint(WINDOW, 0.5, 0.5);
    assertThat(centre[0]).isCloseTo(WINDOW.centerX(), within(1e-9));
    assertThat(centre[1]).isCloseTo(WINDOW.centerY(), within(1e-9));
    // The view's right edge midpoint lies below the centre (y down): a clockwise turn on screen.
    double[] right = quarter.imagePoint(WINDOW, 1, 0.5);
    assertThat(right[0]).isCloseTo(WINDOW.centerX(), within(1e-9));
    assertThat(right[1]).isCloseTo(WINDOW.centerY() + WINDOW.width() / 2, within(1e-9));
  }

  @Test
  void affineCropSamplesTheImageAtTheViewsPoints() {
    DecodedImage img = ramp();
    CropView view = new CropView(1.15, 15);
    int w = 48;
    int h = 64;
    float[] out = new float[w * h * 3];
    BilinearCropper.crop(img, WINDOW, view, w, h, false, out, 0);
    int checked = 0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double[] p = view.imagePoint(WINDOW, (c + 0.5) / w, (r + 0.5) / h);
        // Bilinear sampling reproduces a linear ramp exactly away from the image border.
        double x = p[0] - 0.5;
        double y = p[1] - 0.5;
        if (x < 0 || y < 0 || x > 218 || y > 198) {
          continue;
        }
        assertThat(out[(r * w + c) * 3]).as("red at %d,%d", r, c).isCloseTo((float) x, within(1e-3f));
        assertThat(out[(r * w + c) * 3 + 1]).as("green at %d,%d", r, c).isCloseTo((float) y, within(1e-3f));
        checked++;
      }
    }
    assertThat(checked).as("pixels checked").isGreaterThan(200);
  }

  @Test
  void affineCropFindsADotWhereTheViewMapsIt() {
    // One bright pixel at image (130, 70): its centre (130.5, 70.5) maps to view coordinates that
    // must hold the brightest output pixel, for the plain and the mirrored view crop.
    byte[] rgb = new byte[220 * 200 * 3];
    for (int x = 129; x <= 131; x++) {
      for (int y = 69; y <= 71; y++) {
        int value = x == 130 && y == 70 ? 255 : 120;
        rgb[(y * 220 + x) * 3] = (byte) value;
      }
    }
    DecodedImage img = new DecodedImage(220, 200, rgb);
    for (CropView view : List.of(new CropView(0.9, -10), new CropView(1.15, 15))) {
      double[] uv = new double[2];
      view.toView(WINDOW.u(130.5), WINDOW.v(70.5), WINDOW.height() / WINDOW.width(), uv);
      int w = 96;
      int h = 128;
      for (boolean mirror : new boolean[] {false, true}) {
        float[] out = new float[w * h * 3];
        BilinearCropper.crop(img, WINDOW, view, w, h, mirror, out, 0);
        int best = 0;
        for (int i = 1; i < w * h; i++) {
          if (out[i * 3] > out[best * 3]) {
            best = i;
          }
        }
        double u = ((mirror ? w - 1 - best % w : best % w) + 0.5) / w;
        double v = (best / w + 0.5) / h;
        // Output pixels are ~1 image pixel apart: the brightest one is within a pixel of the dot.
        assertThat(Math.abs(u - uv[0]) * w).as("%s mirror=%s column", view, mirror).isLessThan(1.0);
        assertThat(Math.abs(v - uv[1]) * h).as("%s mirror=%s row", view, mirror).isLessThan(1.0);
      }
    }
  }

  @Test
  void identityViewIsTheAxisAlignedCrop() {
    DecodedImage img = ramp();
    float[] plain = new float[32 * 40 * 3];
    float[] viaView = new float[32 * 40 * 3];
    BilinearCropper.crop(img, WINDOW, 32, 40, true, plain, 0);
    BilinearCropper.crop(img, WINDOW, CropView.IDENTITY, 32, 40, true, viaView, 0);
    assertThat(viaView).containsExactly(plain);
  }

  @Test
  void viewsOfScalesAndRotationsDropTheIdentityAndDuplicates() {
    List<CropView> views = CropView.of(List.of(0.9, 1.0, 1.15, 0.9), List.of(-10.0, 0.0, 10.0));
    assertThat(views).containsExactly(new CropView(0.9, 0), new CropView(1.15, 0),
        new CropView(1, -10), new CropView(1, 10));
    assertThat(views.stream().map(CropView::label).toList()).containsExactly("s0.9", "s1.15", "r-10", "r10");
    assertThat(CropView.of(List.of(1.0), List.of())).isEmpty();
  }

  @Test
  void badViewsAreRefused() {
    assertThatThrownBy(() -> new CropView(0, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new CropView(1, Double.NaN)).hasMessageContaining("finite");
  }
}
