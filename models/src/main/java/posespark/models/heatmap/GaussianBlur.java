package posespark.models.heatmap;

/**
 * Separable Gaussian blur of one heatmap channel with zero padding outside the map (what RSN's
 * and DARK's reference code get by blurring a zero-bordered copy). The kernel follows OpenCV's
 * {@code getGaussianKernel}: {@code sigma = 0.3 * ((size - 1) * 0.5 - 1) + 0.8} when not given.
 */
public final class GaussianBlur {

  private final float[] kernel;

  /** A blur with an odd kernel size and OpenCV's default sigma for it. */
  public GaussianBlur(int size) {
    this(size, 0.3 * ((size - 1) * 0.5 - 1) + 0.8);
  }

  public GaussianBlur(int size, double sigma) {
    if (size < 1 || size % 2 == 0) {
      throw new IllegalArgumentException("blur kernel size must be odd and positive: " + size);
    }
    kernel = new float[size];
    int half = size / 2;
    double sum = 0;
    double[] k = new double[size];
    for (int i = 0; i < size; i++) {
      k[i] = Math.exp(-((i - half) * (i - half)) / (2 * sigma * sigma));
      sum += k[i];
    }
    for (int i = 0; i < size; i++) {
      kernel[i] = (float) (k[i] / sum);
    }
  }

  /** Kernel size. */
  public int size() {
    return kernel.length;
  }

  /** Returns a blurred copy of {@code map[offset .. offset + width * height)}. */
  public float[] apply(float[] map, int offset, int width, int height) {
    int half = kernel.length / 2;
    float[] rows = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float s = 0;
        for (int j = -half; j <= half; j++) {
          int xx = x + j;
          if (xx >= 0 && xx < width) {
            s += kernel[j + half] * map[offset + y * width + xx];
          }
        }
        rows[y * width + x] = s;
      }
    }
    float[] out = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float s = 0;
        for (int j = -half; j <= half; j++) {
          int yy = y + j;
          if (yy >= 0 && yy < height) {
            s += kernel[j + half] * rows[yy * width + x];
          }
        }
        out[y * width + x] = s;
      }
    }
    return out;
  }
}
