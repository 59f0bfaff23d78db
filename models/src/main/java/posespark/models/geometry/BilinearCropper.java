package posespark.models.geometry;

import posespark.models.image.DecodedImage;

/**
 * Crops a {@link CropWindow} out of an RGB image and resizes it to a model's input size with
 * bilinear interpolation, optionally mirrored left-right (the flip-test twin).
 *
 * <p>Output pixel {@code (r, c)} of an {@code outH × outW} crop samples the image at the window's
 * normalised point {@code ((c + 0.5) / outW, (r + 0.5) / outH)}, the half-pixel-centre convention
 * of {@link CropWindow}. Samples outside the image read black (0), as zero padding does in
 * affine-warp pipelines. Values stay in 0–255; each model adapter maps them to its input range.
 * Mirrored crops are exact mirrors: output column {@code c} equals column {@code outW - 1 - c} of
 * the plain crop. A {@link CropView} (test-time augmentation: scaled, turned) is cropped by the
 * general affine path, which samples each output pixel at its own image point.
 */
public final class BilinearCropper {

  private BilinearCropper() {}

  /**
   * Writes the crop as {@code outH × outW × 3} floats (HWC, RGB, 0–255) into {@code dst} starting
   * at {@code offset}.
   */
  public static void crop(DecodedImage image, CropWindow window, int outW, int outH, boolean mirror,
      float[] dst, int offset) {
    int iw = image.width();
    int ih = image.height();
    byte[] rgb = image.rgb();
    int[] x0 = new int[outW];
    float[] fx = new float[outW];
    for (int c = 0; c < outW; c++) {
      int source = mirror ? outW - 1 - c : c;
      double x = window.imageX((source + 0.5) / outW) - 0.5;
      double fl = Math.floor(x);
      x0[c] = (int) fl;
      fx[c] = (float) (x - fl);
    }
    int o = offset;
    for (int r = 0; r < outH; r++) {
      double y = window.imageY((r + 0.5) / outH) - 0.5;
      int y0 = (int) Math.floor(y);
      float fy = (float) (y - y0);
      boolean rowsInside = y0 >= 0 && y0 + 1 < ih;
      int top0 = y0 * iw * 3;
      int bottom0 = top0 + iw * 3;
      for (int c = 0; c < outW; c++) {
        int xa = x0[c];
        float wx = fx[c];
        if (rowsInside && xa >= 0 && xa + 1 < iw) {
          // All four taps inside the image: read them directly (the same arithmetic as below).
          int t = top0 + xa * 3;
          int b = bottom0 + xa * 3;
          for (int ch = 0; ch < 3; ch++) {
            float top = lerp(rgb[t + ch] & 0xFF, rgb[t + 3 + ch] & 0xFF, wx);
            float bottom = lerp(rgb[b + ch] & 0xFF, rgb[b + 3 + ch] & 0xFF, wx);
            dst[o++] = lerp(top, bottom, fy);
          }
          continue;
        }
        for (int ch = 0; ch < 3; ch++) {
          float top = lerp(sample(rgb, iw, ih, xa, y0, ch), sample(rgb, iw, ih, xa + 1, y0, ch), wx);
          float bottom = lerp(sample(rgb, iw, ih, xa, y0 + 1, ch),
              sample(rgb, iw, ih, xa + 1, y0 + 1, ch), wx);
          dst[o++] = lerp(top, bottom, fy);
        }
      }
    }
  }

  /**
   * As {@link #crop(DecodedImage, CropWindow, int, int, boolean, float[], int)} for a view of the
   * window: output pixel {@code (r, c)} samples the image at {@code view.imagePoint(window, (c +
   * 0.5) / outW, (r + 0.5) / outH)} ({@code outW - 1 - c} when mirrored).
   */
  public static void crop(DecodedImage image, CropWindow window, CropView view, int outW, int outH,
      boolean mirror, float[] dst, int offset) {
    if (view.isIdentity()) {
      crop(image, window, outW, outH, mirror, dst, offset);
      return;
    }
    int iw = image.width();
    int ih = image.height();
    byte[] rgb = image.rgb();
    // Affine: the image point moves by a constant step per output column and per output row.
    double[] origin = view.imagePoint(window, 0, 0);
    double[] right = view.imagePoint(window, 1, 0);
    double[] down = view.imagePoint(window, 0, 1);
    double ax = (right[0] - origin[0]) / outW;
    double ay = (right[1] - origin[1]) / outW;
    double bx = (down[0] - origin[0]) / outH;
    double by = (down[1] - origin[1]) / outH;
    int o = offset;
    for (int r = 0; r < outH; r++) {
      for (int c = 0; c < outW; c++) {
        double sc = (mirror ? outW - 1 - c : c) + 0.5;
        double sr = r + 0.5;
        double x = origin[0] + ax * sc + bx * sr - 0.5;
        double y = origin[1] + ay * sc + by * sr - 0.5;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float wx = (float) (x - x0);
        float wy = (float) (y - y0);
        for (int ch = 0; ch < 3; ch++) {
          float top = lerp(sample(rgb, iw, ih, x0, y0, ch), sample(rgb, iw, ih, x0 + 1, y0, ch), wx);
          float bottom = lerp(sample(rgb, iw, ih, x0, y0 + 1, ch),
              sample(rgb, iw, ih, x0 + 1, y0 + 1, ch), wx);
          dst[o++] = lerp(top, bottom, wy);
        }
      }
    }
  }

  /**
   * Writes the left-right mirror of an {@code w × h × 3} crop at {@code src[srcOffset]} into {@code dst} at
   * {@code dstOffset}. A mirrored crop samples column {@code c} exactly where the plain crop samples column
   * {@code w - 1 - c}, with the same arithmetic, so this copy equals cropping again with {@code mirror} set,
   * bit for bit, at a fraction of the cost (the flip-test twin of every crop).
   */
  public static void mirror(float[] src, int srcOffset, int w, int h, float[] dst, int dstOffset) {
    for (int r = 0; r < h; r++) {
      int row = r * w * 3;
      for (int c = 0; c < w; c++) {
        int from = srcOffset + row + (w - 1 - c) * 3;
        int to = dstOffset + row + c * 3;
        dst[to] = src[from];
        dst[to + 1] = src[from + 1];
        dst[to + 2] = src[from + 2];
      }
    }
  }

  private static float sample(byte[] rgb, int w, int h, int x, int y, int ch) {
    if (x < 0 || y < 0 || x >= w || y >= h) {
      return 0f;
    }
    return rgb[(y * w + x) * 3 + ch] & 0xFF;
  }

  private static float lerp(float a, float b, float t) {
    return a + (b - a) * t;
  }
}
