package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cross-check against a second, independent implementation: {@code src/test/python/cocoeval_numpy.py}
 * (numpy's own linspace, mergesort, cumsum, searchsorted, exp, mean), which reproduces the eval
 * vectors. Needs python3 with numpy, so it runs with the acceptance suite.
 */
@Tag("acceptance")
class NumpyTranscriptionCrossCheckTest {

  @TempDir
  Path dir;

  private static double[] numpyStats(Path gt, Path results, IouType type) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("posespark.repo.root", "."),
        "models/src/test/python/cocoeval_numpy.py");
    assertThat(Files.exists(script)).as("%s", script).isTrue();
    Process p = new ProcessBuilder("python3", script.toString(), gt.toString(), results.toString(), type.cocoName())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("python3 + numpy needed; output: %s", out).isZero();
    List<Double> stats = new ObjectMapper().readValue(out, StatsJson.class).stats;
    return stats.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static final class StatsJson {
    public List<Double> stats;
  }

  private void check(IouType type, Path gt, Path results) throws Exception {
    double[] java = new CocoEvaluator(EvalParams.of(type)).evaluate(gt, results).stats();
    double[] numpy = numpyStats(gt, results, type);
    assertThat(java).hasSameSizeAs(numpy);
    for (int i = 0; i < java.length; i++) {
      assertThat(java[i]).as("stats[%d]", i).isCloseTo(numpy[i], within(1e-12));
    }
  }

  @ParameterizedTest
  @CsvSource({"keypoints,101", "keypoints,102", "keypoints,103", "keypoints,104", "bbox,105", "bbox,106",
      "bbox,107"})
  void randomSetsAgree(String type, long seed) throws Exception {
    RandomCocoSets.write(dir, IouType.parse(type), seed, 120);
    check(IouType.parse(type), dir.resolve("gt.json"), dir.resolve("results.json"));
  }

  @Test
  void syntheticKeypointSetAgrees() throws Exception {
    SyntheticCoco.write(dir.resolve("gt.json"), dir.resolve("results.json"), 3000, 77);
    check(IouType.KEYPOINTS, dir.resolve("gt.json"), dir.resolve("results.json"));
  }
}
