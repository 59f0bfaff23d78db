package posespark.models.pytorch;

import java.util.Arrays;

/**
 * One tensor of a PyTorch checkpoint, materialised as contiguous row-major values.
 *
 * <p>Floating-point tensors (float32, float64, float16, bfloat16) and integer tensors are all held
 * as {@code float} values: checkpoints of vision models only need the former, and the integer
 * entries (BatchNorm's {@code num_batches_tracked}) are bookkeeping that inference ignores.
 */
public final class TorchTensor {
  private final String dtype;
  private final long[] shape;
  private final float[] values;

  public TorchTensor(String dtype, long[] shape, float[] values) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.values = values;
    if (numel(shape) != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + numel(shape)
          + " values, got " + values.length);
    }
  }

  /** PyTorch storage type name without the "Storage" suffix, e.g. {@code Float}, {@code Long}. */
  public String dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** Row-major (C order) values; the array is shared, not copied. */
  public float[] values() {
    return values;
  }

  public boolean isFloatingPoint() {
    return dtype.equals("Float") || dtype.equals("Double") || dtype.equals("Half") || dtype.equals("BFloat16");
  }

  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
