package posespark.models.bench;

/**
 * How far a quantized result is from its fp32 reference: largest and mean absolute difference, and the
 * reference's range (max - min), which the relative figures divide by.
 */
public record QuantizationError(double maxAbs, double meanAbs, double range) {

  public static QuantizationError of(float[] reference, float[] quantized) {
    if (reference.length != quantized.length || reference.length == 0) {
      throw new IllegalArgumentException("results differ in size: " + reference.length + " vs " + quantized.length);
    }
    double max = 0;
    double sum = 0;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < reference.length; i++) {
      double d = Math.abs((double) reference[i] - quantized[i]);
      max = Math.max(max, d);
      sum += d;
      lo = Math.min(lo, reference[i]);
      hi = Math.max(hi, reference[i]);
    }
    return new QuantizationError(max, sum / reference.length, (double) hi - lo);
  }

  /** maxAbs / range. */
  public double relativeMax() {
    return maxAbs / range;
  }

  /** meanAbs / range. */
  public double relativeMean() {
    return meanAbs / range;
  }
}
