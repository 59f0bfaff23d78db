package posespark.models.hrnet;

import java.util.Random;

/**
 * Random He-initialised convolutions with identity BatchNorm, for timing and for testing the
 * graph builder. Never a model: exports made from these are marked as random in their card.
 */
public final class RandomWeights implements HrnetWeights {
  private final Random random;

  public RandomWeights(long seed) {
    this.random = new Random(seed);
  }

  @Override
  public FoldedConv convBn(String conv, String bn, int in, int out, int kernel) {
    return new FoldedConv(kernel, in, out, gaussian(kernel * kernel * in * out, Math.sqrt(2.0 / (kernel * kernel * in))),
        new float[out]);
  }

  @Override
  public FoldedConv convBias(String conv, int in, int out) {
    return new FoldedConv(1, in, out, gaussian(in * out, 0.001), new float[out]);
  }

  private float[] gaussian(int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
