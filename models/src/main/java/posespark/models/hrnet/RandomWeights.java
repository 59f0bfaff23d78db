package posespark.models.hrnet;

import java.util.Random;

/**
 * Random He-initialised convolutions with small random biases (a folded BatchNorm's shift), for timing and
 * for testing the graph builder. The biases matter for timing: grappler drops a BiasAdd of zeros, and without
 * it no Conv+BiasAdd+Relu fusion happens, so zero biases would time a graph no real checkpoint gives.
 * Never a model: exports made from these are marked as random in their card.
 */
public final class RandomWeights implements HrnetWeights {
  private final Random random;

  public RandomWeights(long seed) {
    this.random = new Random(seed);
  }

  @Override
  public FoldedConv convBn(String conv, String bn, int in, int out, int kernel) {
    return new FoldedConv(kernel, in, out, gaussian(kernel * kernel * in * out, Math.sqrt(2.0 / (kernel * kernel * in))),
        gaussian(out, 0.1));
  }

  @Override
  public FoldedConv convBias(String conv, int in, int out) {
    return new FoldedConv(1, in, out, gaussian(in * out, 0.001), gaussian(out, 0.001));
  }

  private float[] gaussian(int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
