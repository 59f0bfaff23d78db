package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.annotate.PausePoints;
import posespark.job.spark.LocalSpark;

/**
 * Drivers killed with SIGKILL at each point of a run, then a re-run: every image ends up exactly
 * once, killed runs are recorded as failed, and nothing a killed run committed is visible.
 */
class CrashRecoveryTest {

  private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(180);

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  Path tmp;

  private List<String> args(Path photos, Path conf, String... tables) {
    List<String> args = new ArrayList<>(List.of("--input", photos.toString(), "--dataset", "cam",
        "--run-date", "2026-11-03", "--conf", conf.toString()));
    args.addAll(List.of(tables));
    return args;
  }

  @Test
  void parquetRunsKilledAtEveryPointThenRerunHoldEachImageOnce() throws Exception {
    Path photos = tmp.resolve("photos");
    for (String name : List.of("a.jpg", "b.jpg", "c.jpg")) {
      NightlyRuns.photo(photos, name);
    }
    Path out = tmp.resolve("tables");
    List<String> args = args(photos, NightlyRuns.testConf(tmp), "--output", out.toString());

    DriverProcess inference = DriverProcess.start(tmp, PausePoints.INFERENCE, args)
        .awaitPause(PAUSE_TIMEOUT);
    NightlyRuns.Outcome concurrent = NightlyRuns.run(args.toArray(String[]::new));
    assertThat(concurrent.code()).as("a second run while the first holds the lock")
        .isEqualTo(NightlyMain.LOCKED);
    assertThat(concurrent.lastLine()).startsWith("nightly: refused: another nightly run holds");
    inference.kill();

    for (String point : List.of(PausePoints.WRITING, PausePoints.committed("poses"),
        PausePoints.committed("images"))) {
      DriverProcess.start(tmp, point, args).awaitPause(PAUSE_TIMEOUT).kill();
      assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {runs} WHERE status = 'ok'"))
          .as("no run committed after a kill at " + point).isZero();
    }
    // The last killed run committed poses and images, but not its runs row: not visible.
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images}"))
        .as("the last killed run's committed images, on disk").isEqualTo(3);
    SparkSession spark = NightlyRuns.spark();
    assertThat(LatestViews.imagesLatest(spark.read().parquet(out.resolve("images").toString()),
        spark.read().parquet(out.resolve("runs").toString())).count())
        .as("images of killed runs visible to readers").isZero();

    NightlyRuns.Outcome rerun = NightlyRuns.run(args.toArray(String[]::new));
    assertThat(rerun.code()).as(rerun.err()).isZero();
    assertThat(rerun.lastLine()).contains("new=3 known=0 changed=0; annotated 3 images");

    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images}")).isEqualTo(3);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(DISTINCT uri) FROM {images}"))
        .isEqualTo(3);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {poses}")).isEqualTo(3);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {runs} WHERE status = 'ok'"))
        .isEqualTo(1);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {runs} WHERE status = 'failed' "
        + "AND error LIKE 'driver stopped before the run committed%'"))
        .as("the four killed runs, recorded by the run after each").isEqualTo(4);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {runs} WHERE status = 'failed' "
        + "AND error LIKE '%another nightly run holds%'")).as("the refused run").isEqualTo(1);
    assertThat(NightlyRuns.run(args.toArray(String[]::new)).lastLine())
        .contains("new=0 known=3 changed=0; annotated 0 images");
  }

  @Test
  void icebergRunKilledBetweenCommitsIsRolledBackAndRedone() throws Exception {
    Path photos = tmp.resolve("photos");
    for (String name : List.of("a.jpg", "b.jpg")) {
      NightlyRuns.photo(photos, name);
    }
    Path warehouse = tmp.resolve("warehouse");
    List<String> args = args(photos, NightlyRuns.testConf(tmp), "--warehouse",
        warehouse.toUri().toString(), "--namespace", "crash");

    DriverProcess.start(tmp, PausePoints.committed("images"), args).awaitPause(PAUSE_TIMEOUT)
        .kill();
    NightlyRuns.Outcome rerun = NightlyRuns.run(args.toArray(String[]::new));
    assertThat(rerun.code()).as(rerun.err()).isZero();
    assertThat(rerun.lastLine()).contains("new=2 known=0 changed=0; annotated 2 images");

    SparkSession spark = NightlyRuns.spark();
    assertThat(spark.sql("SELECT count(*) FROM posespark.crash.images").first().getLong(0))
        .as("the killed run's committed images rolled back").isEqualTo(2);
    assertThat(spark.sql("SELECT count(*) FROM posespark.crash.poses").first().getLong(0))
        .isEqualTo(2);
    assertThat(spark.sql("SELECT status, count(*) FROM posespark.crash.runs GROUP BY status "
        + "ORDER BY status").collectAsList().toString()).isEqualTo("[[failed,1], [ok,1]]");
  }
}
