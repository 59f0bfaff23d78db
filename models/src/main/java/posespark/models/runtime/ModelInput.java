package posespark.models.runtime;

import java.util.Arrays;

/** A dense NHWC batch fed to a model: float32 or int32 values in row-major order, with a shape. */
public final class ModelInput {
  private final float[] floats;
  private final int[] ints;
  private final long[] shape;

  private ModelInput(float[] floats, int[] ints, long[] shape) {
    long n = Arrays.stream(shape).reduce(1L, Math::multiplyExact);
    int length = floats != null ? floats.length : ints.length;
    if (n != length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
          + " values, got " + length);
    }
    this.floats = floats;
    this.ints = ints;
    this.shape = shape.clone();
  }

  public static ModelInput ofFloats(float[] values, long... shape) {
    return new ModelInput(values, null, shape);
  }

  public static ModelInput ofInts(int[] values, long... shape) {
    return new ModelInput(null, values, shape);
  }

  public boolean isFloat() {
    return floats != null;
  }

  float[] floats() {
    return floats;
  }

  int[] ints() {
    return ints;
  }

  public long[] shape() {
    return shape.clone();
  }
}
