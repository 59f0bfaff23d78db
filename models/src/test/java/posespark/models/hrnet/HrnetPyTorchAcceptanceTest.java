package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.pytorch.PthReader;

/**
 * Full-size proof: hrnet_reference.py (PyTorch, Debian's python3-torch) builds W32 256x192 (saved
 * in the legacy torch.save format) and W48 384x288 (zip format) with random weights and BatchNorm
 * statistics, saves the checkpoint and its heatmaps; the Java import must reproduce them. Needs a Python with torch: system property
 * {@code posespark.python}, else {@code /usr/bin/python3}, else {@code python3}. Fails without one.
 */
@Tag("acceptance")
class HrnetPyTorchAcceptanceTest {
  private static final Logger log = LoggerFactory.getLogger(HrnetPyTorchAcceptanceTest.class);
  private static final Path SCRIPT = Path.of("src/test/python/hrnet_reference.py");

  @ParameterizedTest(name = "W{0} {1} {2} format")
  @CsvSource({"32, 256x192, legacy", "48, 384x288, zip"})
  void importedOfficialSizeCheckpointMatchesPyTorch(int width, String input, String format, @TempDir Path dir) throws Exception {
    Path refDir = dir.resolve("reference");
    List<String> args = new ArrayList<>(List.of(SCRIPT.toAbsolutePath().toString(), "reference", "--width",
        String.valueOf(width), "--input", input, "--out", refDir.toString()));
    if (format.equals("legacy")) {
      args.add("--legacy-format"); // the torch.save format of the official 2019 checkpoints
    }
    runPython(args);
    ReferenceRun ref = ReferenceRun.open(refDir);
    assertThat(ref.config()).isEqualTo(HrnetConfig.of(width, input));
    Path model = dir.resolve("model");
    HrnetSavedModel.export(ref.config(), new CheckpointWeights(PthReader.readStateDict(ref.checkpoint()), "reference"),
        new HrnetModelCard(ref.config(), "reference", "-", false), model);
    Files.delete(ref.checkpoint()); // ~250 MB at W48: free the disk before running

    double diff = ReferenceRun.maxAbsDiff(ref.run(model), ref.expectedHeatmaps());

    log.info("W{} {}: max |TF - PyTorch| = {}", width, input, diff);
    assertThat(diff).as("max |TF - PyTorch| for W%d %s", width, input).isLessThanOrEqualTo(1e-4);
  }

  private static void runPython(List<String> args) throws IOException, InterruptedException {
    String python = pythonWithTorch();
    List<String> command = new ArrayList<>();
    command.add(python);
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError("hrnet_reference.py failed: " + command + "\n" + output);
    }
    log.info("{}", output.trim());
  }

  static String pythonWithTorch() throws IOException, InterruptedException {
    List<String> candidates = new ArrayList<>();
    String configured = System.getProperty("posespark.python");
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.add("/usr/bin/python3");
    candidates.add("python3");
    for (String python : candidates) {
      try {
        Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0) {
          return python;
        }
      } catch (IOException notThere) {
        // try the next candidate
      }
    }
    throw new AssertionError("no Python with PyTorch found (tried " + candidates
        + "); install it with: apt-get install -y python3-torch, or set -Dposespark.python=/path/to/python3");
  }
}
