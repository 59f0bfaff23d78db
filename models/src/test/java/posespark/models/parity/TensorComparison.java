package posespark.models.parity;

import java.util.Locale;

/**
 * One converted-model output against its TFJS reference: the kept (strided) elements compared one by
 * one, and the full-tensor mean, which bounds the average error of the elements a stride skips.
 *
 * @param maxAbsDiff largest |java - tfjs| over the compared elements
 * @param meanDiff |mean(java) - mean(tfjs)| over the full tensor
 * @param bound the tolerance of maxAbsDiff ({@link ParityTolerance#bound}; in logit space for logit comparisons)
 * @param meanBound the tolerance of meanDiff (value space)
 * @param worstIndex flat index (in the full tensor) of the largest difference
 */
record TensorComparison(String key, long[] shape, int compared, double maxAbsDiff, double meanDiff,
    double bound, double meanBound, long worstIndex, float javaAtWorst, float tfjsAtWorst) {

  static TensorComparison of(ParityGoldens.Tensor golden, float[] expected, float[] actual,
      ParityTolerance tolerance) {
    boolean logits = golden.logitMaxAbs() != null;
    double max = 0;
    long worst = 0;
    for (int i = 0; i < expected.length; i++) {
      long at = (long) i * golden.stride();
      double d = logits
          ? logitDiff(actual[(int) at], expected[i], tolerance)
          : Math.abs((double) actual[(int) at] - expected[i]);
      // NaN is never within tolerance.
      if (d > max || Double.isNaN(d)) {
        max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        worst = at;
      }
    }
    double sum = 0;
    for (float v : actual) {
      sum += v;
    }
    double meanDiff = Math.abs(sum / actual.length - golden.mean());
    double bound = tolerance.bound(logits ? golden.logitMaxAbs() : golden.maxAbs());
    // The mean stays in value space: its bound is the value-space one.
    double meanBound = tolerance.bound(golden.maxAbs());
    return new TensorComparison(golden.key() + (logits ? " (logit space)" : ""), golden.shape(), expected.length,
        max, meanDiff, bound, meanBound, worst, actual[(int) worst],
        expected[(int) (worst / golden.stride())]);
  }

  /**
   * |logit(a) - logit(e)| for sigmoid outputs. Near 0 and 1 the float32 value cannot carry its logit (one
   * ulp below 1 is a logit step of 0.7), so where either side is within 1e-3 of 0 or 1 the value-space
   * bound applies instead: within it counts as 0, outside as infinitely far.
   */
  private static double logitDiff(float a, float e, ParityTolerance tolerance) {
    double edge = 1e-3;
    boolean nearSaturation = Math.min(a, 1f - a) < edge || Math.min(e, 1f - e) < edge;
    if (nearSaturation) {
      return Math.abs((double) a - e) <= tolerance.bound(0) ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs(Math.log(a / (1.0 - a)) - Math.log(e / (1.0 - e)));
  }

  boolean withinTolerance() {
    return maxAbsDiff <= bound && meanDiff <= meanBound;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s%s: max|diff| %.3e, mean diff %.3e, bound %.1e, %d compared%s",
        key, java.util.Arrays.toString(shape), maxAbsDiff, meanDiff, bound, compared,
        withinTolerance() ? "" : String.format(Locale.ROOT, " (worst at flat index %d: java %s, tfjs %s)",
            worstIndex, javaAtWorst, tfjsAtWorst));
  }
}
