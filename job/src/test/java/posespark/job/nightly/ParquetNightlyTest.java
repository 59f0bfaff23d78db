package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;

/** Nightly runs into plain Parquet tables: only new or changed files are annotated, once. */
class ParquetNightlyTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  Path tmp;

  private NightlyRuns.Outcome nightly(Path photos, Path out, Path conf, String date,
      String... more) {
    String[] base = {"--input", photos.toString(), "--output", out.toString(), "--dataset", "cam",
        "--run-date", date, "--conf", conf.toString()};
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return NightlyRuns.run(all);
  }

  @Test
  void secondDayAnnotatesOnlyTheNewImagesAndARerunAddsNothing() {
    Path photos = tmp.resolve("photos");
    Path out = tmp.resolve("tables");
    Path conf = NightlyRuns.testConf(tmp);
    NightlyRuns.photo(photos, "a.jpg");
    NightlyRuns.photo(photos, "b.jpg");
    NightlyRuns.Outcome day1 = nightly(photos, out, conf, "2026-11-01");
    assertThat(day1.code()).as(day1.err()).isZero();
    assertThat(day1.lastLine()).contains("new=2 known=0 changed=0").contains("annotated 2 images");

    NightlyRuns.photo(photos, "c.jpg");
    NightlyRuns.photo(photos, "d.jpg");
    NightlyRuns.Outcome plan = nightly(photos, out, conf, "2026-11-02", "--plan-only");
    assertThat(plan.code()).isZero();
    assertThat(plan.lastLine()).isEqualTo("new=2 known=2 changed=0");
    NightlyRuns.Outcome day2 = nightly(photos, out, conf, "2026-11-02");
    assertThat(day2.lastLine()).as(day2.err()).contains("annotated 2 images (2 ok, 0 errors)");
    NightlyRuns.Outcome again = nightly(photos, out, conf, "2026-11-02");
    assertThat(again.lastLine()).as(again.err())
        .contains("new=0 known=4 changed=0; annotated 0 images");

    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images}")).as("image rows")
        .isEqualTo(4);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(DISTINCT uri) FROM {images}"))
        .isEqualTo(4);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images} "
        + "WHERE run_date = DATE '2026-11-02'")).as("annotated on day 2").isEqualTo(2);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {poses}")).as("pose rows")
        .isEqualTo(4);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {runs} WHERE status = 'ok'"))
        .as("ok runs (the plan-only run writes nothing)").isEqualTo(3);
    assertThat(out.resolve("_nightly.lock")).as("lock released").doesNotExist();
    assertThat(out.resolve("_staging")).as("scratch removed").doesNotExist();
    // The latest views as docs/nightly.md writes them for DuckDB.
    assertThat(NightlyRuns.duckCount(out, "WITH images_latest AS (SELECT i.* FROM {images} i "
        + "JOIN {runs} r USING (run_id) WHERE r.status = 'ok' QUALIFY row_number() OVER "
        + "(PARTITION BY i.dataset, i.uri ORDER BY r.ended_at DESC, i.run_id DESC) = 1) "
        + "SELECT count(*) FROM {poses} p SEMI JOIN images_latest l USING (dataset, uri, run_id)"))
        .as("poses_latest").isEqualTo(4);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images} WHERE file_size > 0 "
        + "AND file_mtime IS NOT NULL AND content_sha256 IS NULL")).isEqualTo(4);
  }

  @Test
  void aRewrittenFileIsChangedAndItsNewRowWins() throws Exception {
    Path photos = tmp.resolve("photos");
    Path out = tmp.resolve("tables");
    Path conf = NightlyRuns.testConf(tmp);
    NightlyRuns.photo(photos, "a.jpg");
    Path b = NightlyRuns.photo(photos, "b.jpg");
    assertThat(nightly(photos, out, conf, "2026-11-01").code()).isZero();

    Files.write(b, Files.readAllBytes(NightlyRuns.photo(tmp.resolve("other"), "x-larger.jpg")));
    Files.setLastModifiedTime(b, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    NightlyRuns.Outcome day2 = nightly(photos, out, conf, "2026-11-02");
    assertThat(day2.lastLine()).as(day2.err()).contains("new=0 known=1 changed=1; annotated 1 ");
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images}")).isEqualTo(3);
  }

  @Test
  void contentHashSeesARewriteThatKeptSizeAndTime() throws Exception {
    Path photos = tmp.resolve("photos");
    Path out = tmp.resolve("tables");
    Path conf = NightlyRuns.testConf(tmp);
    Path a = NightlyRuns.photo(photos, "a.jpg");
    assertThat(nightly(photos, out, conf, "2026-11-01", "--content-hash").code()).isZero();

    FileTime mtime = Files.getLastModifiedTime(a);
    byte[] bytes = Files.readAllBytes(a);
    bytes[bytes.length - 3] ^= 0x5a; // same size, other content
    Files.write(a, bytes);
    Files.setLastModifiedTime(a, mtime);
    assertThat(nightly(photos, out, conf, "2026-11-02", "--plan-only", "--content-hash").lastLine())
        .as("size and time alike").isEqualTo("new=0 known=0 changed=1");
    assertThat(nightly(photos, out, conf, "2026-11-02", "--plan-only").lastLine())
        .as("without --content-hash the rewrite is invisible").isEqualTo("new=0 known=1 changed=0");
  }

  @Test
  void tablesOfAPlainAnnotateRunWithoutFingerprintsStillRead() {
    Path photos = tmp.resolve("photos");
    Path out = tmp.resolve("tables");
    Path conf = NightlyRuns.testConf(tmp);
    NightlyRuns.photo(photos, "a.jpg");
    java.io.StringWriter annotateErr = new java.io.StringWriter();
    int annotated = posespark.job.annotate.AnnotateMain.execute(new String[] {"--input",
        photos.toString(), "--output", out.toString(), "--dataset", "cam", "--conf",
        conf.toString()}, new java.io.PrintWriter(new java.io.StringWriter(), true),
        new java.io.PrintWriter(annotateErr, true));
    assertThat(annotated).as(annotateErr.toString()).isZero();
    NightlyRuns.photo(photos, "b.jpg");

    NightlyRuns.Outcome nightly = nightly(photos, out, conf, "2026-11-02");
    assertThat(nightly.lastLine()).as(nightly.err())
        .contains("new=1 known=1 changed=0; annotated 1 images");
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images}")).isEqualTo(2);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images} WHERE file_size IS NULL"))
        .as("the annotate run's row, from before the column").isEqualTo(1);
  }
}
