package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.bench.ScalePlanning;
import posespark.job.bench.ScaleTables;
import posespark.job.spark.LocalSpark;

/**
 * The scale benchmark's generated committed table is what the nightly mode reads: a real
 * {@code submit/nightly --plan-only} run over the generated manifest counts exactly the new,
 * known and changed files the generator wrote, as does the benchmark's own plan.
 */
class ScaleTablesTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  Path tmp;

  @Test
  void planOnlyCountsWhatTheGeneratorWrote() throws Exception {
    Path photos = tmp.resolve("photos");
    NightlyRuns.photo(photos, "a.jpg");
    NightlyRuns.photo(photos, "b.jpg");
    NightlyRuns.photo(photos, "c.jpg");
    Path work = tmp.resolve("work");
    Path manifest = ScalePlanning.generate(work, photos, 300);
    List<String> sources = ScalePlanning.sources(photos).stream().map(Path::toString).toList();
    Path tables = tmp.resolve("tables");
    ScaleTables.Expected expected = ScaleTables.write(NightlyRuns.spark(), manifest.toString(),
        sources, 300, 7, 5, tables.toString());
    assertThat(expected.line()).isEqualTo("new=7 known=288 changed=5");
    assertThat(NightlyRuns.duckCount(tables, "SELECT count(*) FROM {images} i JOIN {runs} r "
        + "USING (run_id) WHERE r.status = 'ok' AND i.file_size > 0")).isEqualTo(293);

    NightlyRuns.Outcome plan = NightlyRuns.run("--input", manifest.toString(), "--output",
        tables.toString(), "--dataset", ScaleTables.DATASET, "--run-date", "2026-11-02",
        "--plan-only", "--conf", NightlyRuns.testConf(tmp).toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.lastLine()).isEqualTo(expected.line());

    var spark = NightlyRuns.spark();
    NightlyPlanning.Counts counts = NightlyPlanning.plan(
        NightlyPlanning.listing(spark, manifest.toString(), null, false),
        NightlyPlanning.committedParquet(spark, tables.toString(), ScaleTables.DATASET));
    assertThat(counts.line()).isEqualTo(expected.line());
  }
}
