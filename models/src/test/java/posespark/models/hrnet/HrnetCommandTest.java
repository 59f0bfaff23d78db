package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.cli.ModelsCli;

/** {@code submit/models hrnet} through the real command line. */
class HrnetCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ModelsCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void summaryPrintsParamsAndFlops() {
    assertThat(run("hrnet", "--width", "48", "--input", "384x288", "--summary")).isZero();
    HrnetCost.Summary cost = HrnetCost.of(new HrnetConfig(48, 384, 288));
    assertThat(out.toString().trim()).isEqualTo("params=" + cost.params() + " flops=" + cost.flops());
    assertThat(out.toString()).startsWith("params=63595745 ");
  }

  @Test
  void refusesToExportWithoutWeights(@TempDir Path dir) {
    assertThat(run("hrnet", "--width", "32", "--input", "256x192", "--output", dir.resolve("m").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no weights: give --checkpoint").contains("--random-init");
    assertThat(dir.resolve("m")).doesNotExist();
  }

  @Test
  void rejectsUnofficialWidth() {
    assertThat(run("hrnet", "--width", "40", "--input", "256x192", "--summary")).isEqualTo(2);
    assertThat(err.toString()).contains("--width must be 32 or 48");
  }

  @Test
  void rejectsInputNotMultipleOf32() {
    assertThat(run("hrnet", "--width", "32", "--input", "250x192", "--summary")).isEqualTo(2);
    assertThat(err.toString()).contains("multiples of 32");
  }

  @Test
  void missingCheckpointFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("pose_hrnet_w32_256x192.pth");
    assertThat(run("hrnet", "--width", "32", "--input", "256x192", "--checkpoint", missing.toString(),
        "--output", dir.resolve("m").toString())).isEqualTo(2);
    assertThat(err.toString()).contains(missing.toString()).contains("no such checkpoint file");
  }

  @Test
  void randomInitCardSaysSoLoudly() {
    String card = new HrnetModelCard(new HrnetConfig(32, 256, 192), "random", "-", true).render();
    assertThat(card).startsWith("# WARNING: RANDOM WEIGHTS").contains("random-weights = true");
  }
}
