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
  void theTableHoldsTheThreePresetsAndTheirInt8Variants() {
    assertThat(Presets.names()).containsExactly("accurate", "accurate-int8", "balanced", "balanced-int8", "fast");
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
  void int8PresetsSwapEachMemberForItsInt8Variant() {
    for (String name : new String[] {"balanced", "accurate"}) {
      com.typesafe.config.Config fp32 = Presets.get(name).getConfig("posespark.pipeline");
      com.typesafe.config.Config int8 = Presets.get(name + "-int8").getConfig("posespark.pipeline");
      assertThat(int8.getStringList("ensemble")).as(name)
          .containsExactlyElementsOf(fp32.getStringList("ensemble").stream()
              .map(m -> m.replaceFirst("^([a-z-]+)", "$1-int8")).toList());
      assertThat(int8.getBoolean("flip")).isEqualTo(fp32.getBoolean("flip"));
    }
  }

  /** int8 models are built by the user, never fetched: a preset naming one that is not built stops before Spark. */
  @Test
  void anInt8PresetWithoutItsBuiltModelIsOneLineAndExitCode2(@TempDir Path cache) {
    String before = System.getProperty("posespark.cache");
    System.setProperty("posespark.cache", cache.toString());
    try {
      String line = refusedBeforeSpark("balanced-int8");
      assertThat(line).startsWith("annotate: --ensemble: movenet-thunder-int8: not built in ")
          .endsWith("run submit/models quantize movenet-thunder --calibration COCO_DIR (see --help)");
    } finally {
      if (before == null) {
        System.clearProperty("posespark.cache");
      } else {
        System.setProperty("posespark.cache", before);
      }
    }
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
    assertThat(refusedBeforeSpark("turbo")).isEqualTo(
        "annotate: --preset must be one of accurate, accurate-int8, balanced, balanced-int8, fast, not 'turbo' (see --help)");
  }

  /** Runs the job with {@code --preset preset}: it must stop with exit code 2 and one line, before Spark starts. */
  private static String refusedBeforeSpark(String preset) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AnnotateMain.execute(new String[] {"--input", photos.toString(), "--output", "x",
        "--preset", preset}, new PrintWriter(out, true), new PrintWriter(err, true),
        sparkConf -> {
          throw new AssertionError("Spark must not start for --preset " + preset);
        });
    List<String> lines = err.toString().lines().toList();
    assertThat(code).isEqualTo(2);
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }
}
