package posespark.models.hrnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A directory written by {@code hrnet_reference.py reference}: checkpoint, inputs and PyTorch's
 * heatmaps; and the comparison of a SavedModel against them.
 */
record ReferenceRun(Path dir, HrnetConfig config, long[] inputShape, long[] heatmapsShape) {

  static ReferenceRun open(Path dir) throws IOException {
    JsonNode meta = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
    HrnetConfig config = new HrnetConfig(meta.get("width").asInt(), meta.get("input_height").asInt(),
        meta.get("input_width").asInt());
    ObjectMapper mapper = new ObjectMapper();
    return new ReferenceRun(dir, config, mapper.convertValue(meta.get("input_shape"), long[].class),
        mapper.convertValue(meta.get("heatmaps_shape"), long[].class));
  }

  Path checkpoint() {
    return dir.resolve("checkpoint.pth");
  }

  float[] input() throws IOException {
    return floats(dir.resolve("input.f32"));
  }

  float[] expectedHeatmaps() throws IOException {
    return floats(dir.resolve("heatmaps.f32"));
  }

  /** Runs the SavedModel's serving signature on the reference inputs; NHWC heatmaps. */
  float[] run(Path savedModel) throws IOException {
    try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), "serve");
        TFloat32 in = TFloat32.tensorOf(Shape.of(inputShape), DataBuffers.of(input(), true, false));
        var result = bundle.function(HrnetSavedModel.SIGNATURE).call(Map.of(HrnetSavedModel.INPUT, in))) {
      Tensor out = result.get(HrnetSavedModel.OUTPUT).orElseThrow();
      if (!out.shape().equals(Shape.of(heatmapsShape))) {
        throw new AssertionError("heatmaps shape " + out.shape() + ", expected " + Shape.of(heatmapsShape));
      }
      float[] values = new float[(int) out.shape().size()];
      ((TFloat32) out).copyTo(DataBuffers.of(values, false, false));
      return values;
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths " + a.length + " and " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs((double) a[i] - b[i]));
    }
    return max;
  }

  private static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }
}
