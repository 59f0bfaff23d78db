package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import posespark.models.batching.BatchingOptions;

/** {@code posespark.pipeline.batching}: auto (GPU executors) by default, configurable, checked before Spark starts. */
class BatchingSettingsTest {

  @TempDir
  Path tmp;

  private TaskSettings task(String conf) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    AnnotateCommand cli = new AnnotateCommand();
    if (conf == null) {
      new CommandLine(cli).parseArgs("--input", photos.toString(), "--output", "x");
    } else {
      Path file = tmp.resolve("b.conf");
      Files.writeString(file, conf);
      new CommandLine(cli).parseArgs("--input", photos.toString(), "--output", "x", "--conf", file.toString());
    }
    return cli.resolve().task();
  }

  @Test
  void queuesAreOnForGpuExecutorsOnlyAndPrefetchIsOnByDefault() throws Exception {
    TaskSettings t = task(null);
    assertThat(ZooPipelineFactory.batching(t.pipeline(), true))
        .isEqualTo(new BatchingOptions(true, 0, Duration.ofMillis(5)));
    assertThat(ZooPipelineFactory.batching(t.pipeline(), false).enabled()).isFalse();
    assertThat(t.prefetchBatches()).isEqualTo(1);
  }

  @Test
  void aConfFileTurnsThemOffOrOnOrTunesThem() throws Exception {
    TaskSettings off = task("posespark.pipeline.batching.enabled = false\nposespark.annotate.prefetch-batches = 0\n");
    assertThat(ZooPipelineFactory.batching(off.pipeline(), true).enabled()).isFalse();
    assertThat(off.prefetchBatches()).isZero();
    TaskSettings on = task("posespark.pipeline.batching.enabled = true\n");
    assertThat(ZooPipelineFactory.batching(on.pipeline(), false).enabled()).isTrue();
    TaskSettings tuned = task("posespark.pipeline.batching { enabled = true, max-batch = 32, max-wait = 20ms }\n");
    assertThat(ZooPipelineFactory.batching(tuned.pipeline(), false))
        .isEqualTo(new BatchingOptions(true, 32, Duration.ofMillis(20)));
  }

  @Test
  void badValuesAreOneLineErrors() {
    assertThatThrownBy(() -> task("posespark.pipeline.batching.enabled = sometimes\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be auto, true or false");
    assertThatThrownBy(() -> task("posespark.pipeline.batching.max-wait = soon\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-wait");
    assertThatThrownBy(() -> task("posespark.pipeline.batching.max-batch = -1\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-batch must be >= 0");
    assertThatThrownBy(() -> task("posespark.annotate.prefetch-batches = -2\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefetch-batches must be >= 0");
  }
}
