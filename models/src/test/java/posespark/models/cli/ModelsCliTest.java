package posespark.models.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCliTest {
  @TempDir
  Path cache;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ModelsCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void listPrintsNameKindAndStatusForEveryModel() {
    assertThat(run("list", "--cache", cache.toString())).isZero();
    assertThat(out.toString().lines()).containsExactly(
        "movenet-thunder\tpose\tmissing", "movenet-lightning\tpose\tmissing",
        "blazepose-heavy\tpose\tmissing", "blazepose-full\tpose\tmissing",
        "blazepose-lite\tpose\tmissing", "posenet\tpose\tmissing",
        "centernet\tdetector\tmissing", "nanodet\tdetector\tmissing",
        "movenet-multipose\tmultipose\tmissing");
  }

  @Test
  void anUnknownSubcommandPrintsOneLineAndExitsTwo() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString().contains("frobnicate");
  }

  @Test
  void anUnknownModelPrintsOneLineAndExitsTwo() {
    assertThat(run("fetch", "--cache", cache.toString(), "--models", "posenet,nope")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString()
        .contains("unknown model 'nope'");
  }

  @Test
  void quantizeRefusesAnUnknownModelAndAMissingDataFolderWithOneLine() {
    assertThat(run("quantize", "nope", "--cache", cache.toString(), "--calibration", cache.toString())).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString().contains("unknown model 'nope'");
    err.getBuffer().setLength(0);
    assertThat(run("quantize", "movenet-thunder", "--cache", cache.toString(), "--calibration",
        cache.resolve("none").toString())).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString().contains("no person_keypoints.json");
    err.getBuffer().setLength(0);
    assertThat(run("quantize", "movenet-thunder", "--cache", cache.toString())).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString().contains("--calibration");
  }

  @Test
  void noSubcommandPrintsOneLineAndExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString().contains("subcommand");
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("fetch").contains("list").contains("quantize");
  }
}
