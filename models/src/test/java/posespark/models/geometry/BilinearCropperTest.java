package posespark.models.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import posespark.models.image.DecodedImage;

class BilinearCropperTest {

  /** A 8x6 image whose red channel is 10*x, green 10*y, blue constant 7. */
  private static DecodedImage ramp() {
    int w = 8;
    int h = 6;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        rgb[(y * w + x) * 3] = (byte) (10 * x);
        rgb[(y * w + x) * 3 + 1] = (byte) (10 * y);
        rgb[(y * w + x) * 3 + 2] = 7;
      }
    }
    return new DecodedImage(w, h, rgb);
  }

  @Test
  void identityWindowReproducesThePixels() {
    DecodedImage img = ramp();
    float[] out = new float[8 * 6 * 3];
    BilinearCropper.crop(img, new CropWindow(4, 3, 8, 6), 8, 6, false, out, 0);
    for (int i = 0; i < out.length; i++) {
      assertThat(out[i]).isEqualTo(img.rgb()[i] & 0xFF);
    }
  }

  @Test
  void upsampledCropInterpolatesLinearRamp() {
    // Window [2,4)x[1,3) sampled at 4x4: output column c samples image x = 2 + (c + 0.5) / 2.
    float[] out = new float[4 * 4 * 3];
    BilinearCropper.crop(ramp(), new CropWindow(3, 2, 2, 2), 4, 4, false, out, 0);
    for (int c = 0; c < 4; c++) {
      double x = 2 + (c + 0.5) / 2 - 0.5;
      assertThat(out[c * 3]).isCloseTo((float) (10 * x), within(1e-4f));
    }
    for (int r = 0; r < 4; r++) {
      double y = 1 + (r + 0.5) / 2 - 0.5;
      assertThat(out[(r * 4) * 3 + 1]).isCloseTo((float) (10 * y), within(1e-4f));
    }
  }

  @Test
  void outsideTheImageReadsBlack() {
    float[] out = new float[2 * 2 * 3];
    BilinearCropper.crop(ramp(), new CropWindow(-50, -50, 4, 4), 2, 2, false, out, 0);
    assertThat(out).containsOnly(0f);
  }

  @Test
  void mirroredCropIsTheExactMirrorOfThePlainCrop() {
    CropWindow w = new CropWindow(3.3, 2.9, 5.1, 4.4);
    float[] plain = new float[7 * 5 * 3];
    float[] mirrored = new float[7 * 5 * 3];
    BilinearCropper.crop(ramp(), w, 7, 5, false, plain, 0);
    BilinearCropper.crop(ramp(), w, 7, 5, true, mirrored, 0);
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 7; c++) {
        for (int ch = 0; ch < 3; ch++) {
          assertThat(mirrored[(r * 7 + c) * 3 + ch]).isEqualTo(plain[(r * 7 + 6 - c) * 3 + ch]);
        }
      }
    }
  }

  @Test
  void mirrorCopyEqualsCroppingMirroredBitForBit() {
    java.util.Random random = new java.util.Random(5);
    byte[] rgb = new byte[41 * 33 * 3];
    random.nextBytes(rgb);
    DecodedImage image = new DecodedImage(41, 33, rgb);
    CropWindow window = new CropWindow(19.7, 15.2, 23.3, 30.1);
    for (CropView view : new CropView[] {CropView.IDENTITY, new CropView(0.9, 12), new CropView(1.15, -20)}) {
      float[] both = new float[2 * 12 * 16 * 3];
      BilinearCropper.crop(image, window, view, 12, 16, false, both, 0);
      BilinearCropper.mirror(both, 0, 12, 16, both, 12 * 16 * 3);
      float[] cropped = new float[12 * 16 * 3];
      BilinearCropper.crop(image, window, view, 12, 16, true, cropped, 0);
      float[] copied = java.util.Arrays.copyOfRange(both, 12 * 16 * 3, both.length);
      assertThat(copied).as("view %s", view).containsExactly(cropped);
      assertThat(copied).as("a mirror, not the plain crop").isNotEqualTo(java.util.Arrays.copyOf(both, 12 * 16 * 3));
    }
  }

  /**
   * The crop's direct-read path for windows inside the image gives the values of the plain per-tap
   * bilinear formula (black outside), bit for bit, for windows inside, across and outside the borders.
   */
  @Test
  void cropEqualsThePerTapFormulaBitForBit() {
    java.util.Random random = new java.util.Random(11);
    byte[] rgb = new byte[37 * 29 * 3];
    random.nextBytes(rgb);
    DecodedImage image = new DecodedImage(37, 29, rgb);
    CropWindow[] windows = {new CropWindow(18.3, 14.1, 20.7, 17.9), new CropWindow(2.2, 27.5, 19.1, 23.3),
        new CropWindow(36.4, 0.3, 50.2, 44.4), new CropWindow(18.5, 14.5, 37, 29), new CropWindow(-40, 9, 8, 8)};
    int w = 13;
    int h = 11;
    for (CropWindow window : windows) {
      for (boolean mirror : new boolean[] {false, true}) {
        float[] out = new float[w * h * 3];
        BilinearCropper.crop(image, window, w, h, mirror, out, 0);
        float[] expected = new float[w * h * 3];
        for (int r = 0; r < h; r++) {
          double y = window.imageY((r + 0.5) / h) - 0.5;
          int y0 = (int) Math.floor(y);
          float fy = (float) (y - y0);
          for (int c = 0; c < w; c++) {
            double x = window.imageX(((mirror ? w - 1 - c : c) + 0.5) / w) - 0.5;
            int x0 = (int) Math.floor(x);
            float fx = (float) (x - x0);
            for (int ch = 0; ch < 3; ch++) {
              float top = tap(image, x0, y0, ch) + (tap(image, x0 + 1, y0, ch) - tap(image, x0, y0, ch)) * fx;
              float bottom = tap(image, x0, y0 + 1, ch)
                  + (tap(image, x0 + 1, y0 + 1, ch) - tap(image, x0, y0 + 1, ch)) * fx;
              expected[(r * w + c) * 3 + ch] = top + (bottom - top) * fy;
            }
          }
        }
        assertThat(out).as("%s mirror=%s", window, mirror).containsExactly(expected);
      }
    }
  }

  private static float tap(DecodedImage image, int x, int y, int ch) {
    boolean inside = x >= 0 && y >= 0 && x < image.width() && y < image.height();
    return inside ? image.rgb()[(y * image.width() + x) * 3 + ch] & 0xFF : 0f;
  }
}
