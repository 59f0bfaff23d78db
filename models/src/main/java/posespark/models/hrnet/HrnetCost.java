package posespark.models.hrnet;

/**
 * Counts what the PyTorch model counts: parameters (conv weights, BatchNorm weight and bias, the
 * head's bias; not BN running statistics) and multiply-accumulates of all convolutions (kernel
 * size x output positions, bias excluded), the usual "FLOPs" of pose-estimation papers.
 */
public final class HrnetCost implements HrnetLayers<HrnetCost.FeatureShape> {

  /** Channels and spatial size of one feature map of a single image. */
  public record FeatureShape(int channels, int height, int width) {
  }

  /** Parameter count and convolution multiply-accumulates of one crop. */
  public record Summary(long params, long flops) {
  }

  private long params;
  private long macs;

  /** Parameters and FLOPs (conv multiply-accumulates) of one forward pass at the config's input size. */
  public static Summary of(HrnetConfig config) {
    HrnetCost cost = new HrnetCost();
    HrnetTopology.forward(config, cost, new FeatureShape(3, config.inputHeight(), config.inputWidth()));
    return new Summary(cost.params, cost.macs);
  }

  @Override
  public FeatureShape convBn(String conv, String bn, FeatureShape x, int in, int out, int kernel, int stride, boolean relu) {
    check(conv, x, in);
    int pad = kernel / 2;
    int h = (x.height() + 2 * pad - kernel) / stride + 1;
    int w = (x.width() + 2 * pad - kernel) / stride + 1;
    long weights = (long) in * out * kernel * kernel;
    params += weights + 2L * out;
    macs += weights * h * w;
    return new FeatureShape(out, h, w);
  }

  @Override
  public FeatureShape convBias(String conv, FeatureShape x, int in, int out) {
    check(conv, x, in);
    params += (long) in * out + out;
    macs += (long) in * out * x.height() * x.width();
    return new FeatureShape(out, x.height(), x.width());
  }

  @Override
  public FeatureShape add(FeatureShape a, FeatureShape b) {
    if (!a.equals(b)) {
      throw new IllegalStateException("HRNet sums feature maps of different shapes: " + a + " and " + b);
    }
    return a;
  }

  @Override
  public FeatureShape relu(FeatureShape x) {
    return x;
  }

  @Override
  public FeatureShape upsample(FeatureShape x, int factor) {
    return new FeatureShape(x.channels(), x.height() * factor, x.width() * factor);
  }

  private static void check(String conv, FeatureShape x, int in) {
    if (x.channels() != in) {
      throw new IllegalStateException(conv + " expects " + in + " input channels, the feature map has " + x.channels());
    }
  }
}
