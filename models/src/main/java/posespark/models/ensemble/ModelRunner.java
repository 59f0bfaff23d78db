package posespark.models.ensemble;

import java.util.List;
import java.util.Map;

/**
 * Executes one model on a batch of crops: NHWC input {@code [N, H, W, 3]} in, named NHWC outputs
 * out (row-major floats). Separates model execution (a TensorFlow session) from the pre- and
 * post-processing around it; implementations are thread-safe.
 */
@FunctionalInterface
public interface ModelRunner {

  /**
   * @param pixels  {@code N * H * W * 3} values already in the model's range
   * @param asInt   feed as int32 (values are integral) instead of float32
   * @param shape   {@code [N, H, W, 3]}
   * @param outputs output keys to fetch
   * @return each requested output's values
   */
  Map<String, float[]> run(float[] pixels, boolean asInt, long[] shape, List<String> outputs);
}
