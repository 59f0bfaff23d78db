package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import posespark.models.pytorch.PthReader;

/**
 * The PyTorch side of {@code submit/bench models --hrnet} times the model the TF side times: the worker's
 * checkpoint, imported in Java, gives PyTorch's heatmaps, and both timed variants answer per-call times.
 * Needs a Python with torch (see {@link HrnetPyTorchAcceptanceTest}).
 */
@Tag("acceptance")
class TorchHrnetWorkerAcceptanceTest {

  @Test
  void workerModelIsTheImportedModelAndBothVariantsAreTimed(@TempDir Path dir) throws Exception {
    HrnetConfig config = HrnetConfig.of(32, "64x64");
    String python = HrnetPyTorchAcceptanceTest.pythonWithTorch();
    try (TorchHrnetWorker torch = new TorchHrnetWorker(python,
        Path.of("src/test/python/hrnet_torch_worker.py").toAbsolutePath(), 2)) {
      assertThat(torch.info().get("OMP_WAIT_POLICY").asText()).isNotEmpty();
      Path checkpoint = dir.resolve("w32.pth");
      torch.saveRandomModel(config, 7, checkpoint);
      float[] pixels = new float[2 * 64 * 64 * 3];
      Random random = new Random(3);
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = random.nextInt(256);
      }
      float[] expected = torch.heatmaps(pixels, 2, dir);

      float[] actual;
      try (Graph graph = new Graph()) {
        HrnetGraphBuilder.Endpoints ends = HrnetGraphBuilder.build(Ops.create(graph), config,
            new CheckpointWeights(PthReader.readStateDict(checkpoint), "worker"));
        try (Session session = new Session(graph);
            TFloat32 input = TFloat32.tensorOf(Shape.of(2, 64, 64, 3), DataBuffers.of(pixels, true, false));
            var result = session.runner().feed(ends.input(), input).fetch(ends.heatmaps()).run()) {
          TFloat32 heatmaps = (TFloat32) result.get(0);
          actual = new float[(int) heatmaps.size()];
          heatmaps.copyTo(DataBuffers.of(actual, false, false));
        }
      }
      assertThat(actual).hasSize(2 * 16 * 16 * 17).hasSameSizeAs(expected);
      double max = 0;
      for (int i = 0; i < actual.length; i++) {
        max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
      }
      assertThat(max).isLessThanOrEqualTo(1e-4);

      List<Double> eager = torch.run("eager", 2, 2);
      List<Double> script = torch.run("script", 2, 1);
      assertThat(eager).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive());
      assertThat(script).hasSize(1).allSatisfy(ms -> assertThat(ms).isPositive());
    }
  }
}
