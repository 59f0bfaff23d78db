package posespark.models.hrnet;

/**
 * Folds inference-mode BatchNorm into the preceding bias-free convolution and converts PyTorch's
 * OIHW kernel layout to TensorFlow's HWIO:
 * {@code scale = gamma / sqrt(var + eps)}, {@code w' = w * scale}, {@code b' = beta - mean * scale}.
 * Computed in double and rounded once to float.
 */
public final class BatchNormFolding {
  /** PyTorch's BatchNorm2d default epsilon (the reference uses the default). */
  public static final double EPS = 1e-5;

  private BatchNormFolding() {
  }

  /** Conv (OIHW weights, no bias) followed by BatchNorm with the given statistics. */
  public static FoldedConv fold(float[] oihw, int out, int in, int kernel,
      float[] gamma, float[] beta, float[] mean, float[] var, double eps) {
    double[] scale = new double[out];
    float[] bias = new float[out];
    for (int o = 0; o < out; o++) {
      scale[o] = gamma[o] / Math.sqrt(var[o] + eps);
      bias[o] = (float) (beta[o] - mean[o] * scale[o]);
    }
    return new FoldedConv(kernel, in, out, toHwio(oihw, out, in, kernel, scale), bias);
  }

  /** Conv with its own bias and no BatchNorm (the heatmap head): only the layout changes. */
  public static FoldedConv withBias(float[] oihw, int out, int in, int kernel, float[] bias) {
    double[] one = new double[out];
    java.util.Arrays.fill(one, 1.0);
    return new FoldedConv(kernel, in, out, toHwio(oihw, out, in, kernel, one), bias.clone());
  }

  private static float[] toHwio(float[] oihw, int out, int in, int kernel, double[] scale) {
    if (oihw.length != out * in * kernel * kernel) {
      throw new IllegalArgumentException("OIHW weights of " + oihw.length + " values do not match "
          + out + "x" + in + "x" + kernel + "x" + kernel);
    }
    float[] hwio = new float[oihw.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int h = 0; h < kernel; h++) {
          for (int w = 0; w < kernel; w++) {
            double value = oihw[((o * in + i) * kernel + h) * kernel + w] * scale[o];
            hwio[((h * kernel + w) * in + i) * out + o] = (float) value;
          }
        }
      }
    }
    return hwio;
  }
}
