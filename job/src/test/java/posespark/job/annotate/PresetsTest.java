package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --preset}: each preset's settings, and the precedence defaults &lt; preset &lt; {@code --conf}
 * file &lt; explicit flags; an unknown name is one line and exit code 2.
 */
class PresetsTest {

  @TempDir
  static Path tmp;
  static Path photos;

  @BeforeAll
  static void files() throws Exception {
    photos = Files.createDirectories(tmp.resolve("photos"));
  }

  private static PipelineSpec pipeline(String... flags) {
    AnnotateCommand cli = new AnnotateCommand();
    String[] args = new String[flags.length + 4];
    args[0] = "--input";
    args[1] = photos.toString();
    args[2] = "--output";
    args[3] = tmp.resolve("out").toString();
    System.arraycopy(flags, 0, args, 4, flags.length);
    new CommandLine(cli).parseArgs(args);
    return cli.resolve().task().pipeline();
  }

  @Test
  void theTableHoldsTheThreePresets() {
    assertThat(Presets.names()).containsExactly("accurate", "balanced", "fast");
  }

  @Test
  void fastIsLightningWithoutFlip() {
    PipelineSpec p = pipeline("--preset", "fast");
    assertThat(p.ensemble()).containsExactly("movenet-lightning");
    assertThat(p.flip()).isFalse();
  }

  @Test
  void balancedIsThunderWithFlip() {
    PipelineSpec p = pipeline("--preset", "balanced");
    assertThat(p.ensemble()).containsExactly("movenet-thunder");
    assertThat(p.flip()).isTrue();
  }

  @Test
  void accurateIsTheDefaultEnsembleWithFlip() {
    PipelineSpec p = pipeline("--preset", "accurate");
    assertThat(ZooPipelineFactory.config(p).ensembleId())
        .as("the same ensemble as no preset at all")
        .isEqualTo(ZooPipelineFactory.config(pipeline()).ensembleId());
    assertThat(p.flip()).isTrue();
  }

  @Test
  void withoutAPresetTheDefaultsApply() {
    PipelineSpec p = pipeline();
    assertThat(p.ensemble()).isEmpty();
    assertThat(p.flip()).isTrue();
  }

  @Test
  void explicitFlagsOverrideThePreset() {
    PipelineSpec p = pipeline("--preset", "fast", "--ensemble", "movenet-thunder");
    assertThat(p.ensemble()).as("the flag's ensemble").containsExactly("movenet-thunder");
    assertThat(p.flip()).as("the preset's flip, not overridden").isFalse();
    assertThat(pipeline("--preset", "balanced", "--no-flip").flip()).isFalse();
    assertThat(pipeline("--preset", "balanced", "--decoder", "dark").decoder()).isEqualTo("dark");
  }

  @Test
  void aConfFileOverridesThePresetAndFlagsOverrideTheConfFile() throws Exception {
    Path conf = tmp.resolve("user.conf");
    Files.writeString(conf, "posespark.pipeline { flip = true, ensemble = [\"blazepose-full\"] }\n");
    PipelineSpec p = pipeline("--preset", "fast", "--conf", conf.toString());
    assertThat(p.ensemble()).containsExactly("blazepose-full");
    assertThat(p.flip()).isTrue();
    PipelineSpec flags = pipeline("--preset", "fast", "--conf", conf.toString(), "--no-flip",
        "--ensemble", "posenet");
    assertThat(flags.ensemble()).containsExactly("posenet");
    assertThat(flags.flip()).isFalse();
  }

  @Test
  void thePresetChangesTheConfigDigest() {
    AnnotateCommand a = new AnnotateCommand();
    new CommandLine(a).parseArgs("--input", photos.toString(), "--output", "x", "--preset", "fast");
    AnnotateCommand b = new AnnotateCommand();
    new CommandLine(b).parseArgs("--input", photos.toString(), "--output", "x", "--preset", "balanced");
    assertThat(a.resolve().configDigest()).isNotEqualTo(b.resolve().configDigest());
  }

  @Test
  void anUnknownPresetIsOneLineAndExitCode2() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AnnotateMain.execute(new String[] {"--input", photos.toString(), "--output", "x",
        "--preset", "turbo"}, new PrintWriter(out, true), new PrintWriter(err, true),
        sparkConf -> {
          throw new AssertionError("Spark must not start for a bad preset");
        });
    List<String> lines = err.toString().lines().toList();
    assertThat(code).isEqualTo(2);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).isEqualTo(
        "annotate: --preset must be one of accurate, balanced, fast, not 'turbo' (see --help)");
  }
}
