package posespark.models.runtime;

import java.util.Arrays;

/**
 * One named output of a model run, as float32 values in row-major order (integer outputs are
 * widened) and its shape, e.g. heatmaps [N, H, W, K].
 */
public record ModelOutput(String key, float[] data, long[] shape) {

  /** Element at a flat row-major index. */
  public float get(int index) {
    return data[index];
  }

  public int dim(int axis) {
    return Math.toIntExact(shape[axis]);
  }

  @Override
  public String toString() {
    return key + Arrays.toString(shape);
  }
}
