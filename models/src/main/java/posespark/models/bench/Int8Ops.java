package posespark.models.bench;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.family.TType;

/**
 * Graph pieces shared by the int8 probes: TF Java has no Java types for TensorFlow's quantized dtypes, so
 * ops on them are built by name, and quantized tensors cross the API as uint8/int32 bytes reinterpreted
 * in the graph by {@code Bitcast} (no copy).
 */
final class Int8Ops {
  private Int8Ops() {}

  /** {@code in} reinterpreted as {@code to} (same element size). */
  @SuppressWarnings("unchecked")
  static <T extends TType> Output<T> bitcast(Graph graph, Output<?> in, DataType to, String name) {
    return (Output<T>) graph.opBuilder("Bitcast", name, graph.baseScope()).addInput(in).setAttr("type", to).build()
        .output(0);
  }

  /** fp32 to {@code type} with the symmetric scale of [min, max] (SCALED mode, ties to even). */
  static GraphOperation quantize(Graph graph, Output<?> in, Output<?> min, Output<?> max, DataType type, String name) {
    return graph.opBuilder("QuantizeV2", name, graph.baseScope()).addInput(in).addInput(min).addInput(max)
        .setAttr("T", type).setAttr("mode", "SCALED").setAttr("round_mode", "HALF_TO_EVEN").build();
  }

  /** A quantized op's (output, min, max) back to fp32. */
  static GraphOperation dequantize(Graph graph, GraphOperation quantized, DataType type, String name) {
    return graph.opBuilder("Dequantize", name, graph.baseScope())
        .addInput(quantized.output(0)).addInput(quantized.output(1)).addInput(quantized.output(2))
        .setAttr("T", type).setAttr("mode", "SCALED").build();
  }

  /** round(v / scale) clamped to [lo, hi] as bytes (two's complement for negatives). */
  static byte[] quantize(float[] values, float scale, int lo, int hi) {
    byte[] q = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      q[i] = (byte) Math.max(lo, Math.min(hi, Math.round(values[i] / scale)));
    }
    return q;
  }

  static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      m = Math.max(m, f);
    }
    return m;
  }

  static float maxAbs(float[] v) {
    float m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  /** Runs {@code runner} and returns its first fetched tensor's values as floats. */
  static float[] fetchFloats(Session.Runner runner) {
    try (var result = runner.run()) {
      Tensor t = result.get(0);
      float[] out = new float[(int) t.size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }
}
