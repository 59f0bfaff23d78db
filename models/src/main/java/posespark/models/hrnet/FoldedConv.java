package posespark.models.hrnet;

/**
 * A convolution ready for TensorFlow: kernel in HWIO order ({@code [k, k, in, out]}, row-major) and
 * a per-output-channel bias, with any BatchNorm already folded in.
 */
public record FoldedConv(int kernel, int inChannels, int outChannels, float[] hwio, float[] bias) {
  public FoldedConv {
    if (hwio.length != kernel * kernel * inChannels * outChannels || bias.length != outChannels) {
      throw new IllegalArgumentException("kernel/bias sizes do not match " + kernel + "x" + kernel + "x"
          + inChannels + "x" + outChannels);
    }
  }
}
