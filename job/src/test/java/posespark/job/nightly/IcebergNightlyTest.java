package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;

/** Nightly runs into Iceberg tables (Hadoop catalog on a local path): counts read back by Spark. */
class IcebergNightlyTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  Path tmp;

  /** One warehouse for the class: Spark registers a catalog once per session. */
  @TempDir
  static Path warehouse;

  private NightlyRuns.Outcome nightly(Path photos, String namespace, Path conf, String date,
      String... more) {
    List<String> args = new ArrayList<>(List.of("--input", photos.toString(), "--format",
        "iceberg", "--warehouse", warehouse.toUri().toString(), "--namespace", namespace,
        "--dataset", "cam", "--run-date", date, "--conf", conf.toString()));
    args.addAll(List.of(more));
    NightlyRuns.Outcome o = NightlyRuns.run(args.toArray(String[]::new));
    assertThat(o.code()).as(o.lastLine() + "\n" + o.err()).isZero();
    return o;
  }

  private static long count(String sql) {
    return NightlyRuns.spark().sql(sql).first().getLong(0);
  }

  @Test
  void secondDayAnnotatesOnlyTheNewImagesInOneSnapshotPerTable() throws Exception {
    Path photos = tmp.resolve("photos");
    Path conf = NightlyRuns.testConf(tmp);
    NightlyRuns.photo(photos, "a.jpg");
    NightlyRuns.photo(photos, "b.jpg");
    nightly(photos, "lake1", conf, "2026-11-01");
    NightlyRuns.photo(photos, "c.jpg");
    NightlyRuns.photo(photos, "d.jpg");
    assertThat(nightly(photos, "lake1", conf, "2026-11-02").lastLine())
        .contains("new=2 known=2 changed=0; annotated 2 images");
    assertThat(nightly(photos, "lake1", conf, "2026-11-02").lastLine())
        .contains("new=0 known=4 changed=0; annotated 0 images");

    assertThat(count("SELECT count(*) FROM posespark.lake1.images")).isEqualTo(4);
    assertThat(count("SELECT count(DISTINCT uri) FROM posespark.lake1.images")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM posespark.lake1.images "
        + "WHERE run_date = DATE '2026-11-02'")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM posespark.lake1.poses")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM posespark.lake1.runs WHERE status = 'ok'"))
        .isEqualTo(3);

    SparkSession spark = NightlyRuns.spark();
    Table images = Spark3Util.loadIcebergTable(spark, "posespark.lake1.images");
    List<Snapshot> snapshots = new ArrayList<>();
    images.snapshots().forEach(snapshots::add);
    assertThat(snapshots).as("one per run that annotated something").hasSize(2);
    List<String> okRuns = spark.sql("SELECT run_id FROM posespark.lake1.runs ORDER BY ended_at")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(snapshots.get(1).summary())
        .containsEntry(IcebergNightlyTables.RUN_ID, okRuns.get(1))
        .containsKey(IcebergNightlyTables.CONFIG_DIGEST);
    assertThat(images.spec().fields()).extracting(PartitionField::name)
        .containsExactly("dataset", "run_date_day");
    Table runs = Spark3Util.loadIcebergTable(spark, "posespark.lake1.runs");
    assertThat(runs.snapshots()).hasSize(3);
  }

  @Test
  void olderRowsWithoutTheAddedColumnsStillRead() throws Exception {
    Path photos = tmp.resolve("photos");
    Path conf = NightlyRuns.testConf(tmp);
    Path a = NightlyRuns.photo(photos, "a.jpg");
    NightlyRuns.photo(photos, "b.jpg");
    SparkSession spark = NightlyRuns.spark();
    new IcebergCatalog("hadoop", warehouse.toUri().toString(), "lake2").configure(spark);
    String uriOfA = spark.read().format("binaryFile").load(a.toString()).inputFiles()[0];
    // Tables as an older posespark wrote them: images without the fingerprint columns.
    spark.sql("CREATE TABLE posespark.lake2.images (image_id BIGINT, uri STRING, width INT, "
        + "height INT, status STRING, error STRING, num_persons INT, timings MAP<STRING, DOUBLE>, "
        + "dataset STRING, run_date DATE, run_id STRING) USING iceberg "
        + "PARTITIONED BY (dataset, days(run_date))");
    spark.sql("INSERT INTO posespark.lake2.images VALUES (7, '" + uriOfA + "', 30, 30, 'ok', NULL, "
        + "1, map('pose', 1.0D), 'cam', DATE '2026-10-01', 'rOLD')");
    spark.sql("CREATE TABLE posespark.lake2.runs (started_at TIMESTAMP, ended_at TIMESTAMP, "
        + "status STRING, run_id STRING, dataset STRING, run_date DATE) USING iceberg");
    spark.sql("INSERT INTO posespark.lake2.runs VALUES (TIMESTAMP '2026-10-01 01:00:00', "
        + "TIMESTAMP '2026-10-01 01:05:00', 'ok', 'rOLD', 'cam', DATE '2026-10-01')");

    assertThat(nightly(photos, "lake2", conf, "2026-11-01").lastLine())
        .as("the old row counts as known: it has no fingerprint to compare")
        .contains("new=1 known=1 changed=0; annotated 1 images");

    List<Row> rows = spark.sql("SELECT run_id, file_size FROM posespark.lake2.images ORDER BY run_id")
        .collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).getString(0)).isEqualTo("rOLD");
    assertThat(rows.get(1).isNullAt(1)).as("older run: added column reads as null").isTrue();
    assertThat(rows.get(0).getLong(1)).as("new run's file size").isPositive();
    assertThat(count("SELECT count(*) FROM posespark.lake2.runs WHERE config_digest IS NULL"))
        .as("older runs row, from before the column existed").isEqualTo(1);
  }

  @Test
  void reprocessingOnNewModelsMakesTheNewestRowsWin() {
    Path photos = tmp.resolve("photos");
    String factory = "posespark.pipeline.factory = \"" + VersionedTestPipelineFactory.class.getName()
        + "\"";
    Path v1 = NightlyRuns.testConf(tmp, factory, "posespark.pipeline.test-version = \"1\"");
    Path v2 = NightlyRuns.testConf(tmp, factory, "posespark.pipeline.test-version = \"2\"");
    NightlyRuns.photo(photos, "a.jpg");
    NightlyRuns.photo(photos, "b.jpg");
    nightly(photos, "lake3", v1, "2026-11-01");
    assertThat(nightly(photos, "lake3", v2, "2026-11-02", "--plan-only").lastLine())
        .as("without the flag new models change nothing").isEqualTo("new=0 known=2 changed=0");
    String line = nightly(photos, "lake3", v2, "2026-11-02", "--reprocess-if-models-changed")
        .lastLine();
    assertThat(line).contains("new=0 known=0 changed=2; annotated 2 images");
    String newest = line.replaceAll(".*; run (\\S+) -> .*", "$1");

    SparkSession spark = NightlyRuns.spark();
    LatestViews.register(spark, spark.table("posespark.lake3.images"),
        spark.table("posespark.lake3.poses"), spark.table("posespark.lake3.runs"));
    assertThat(count("SELECT count(*) FROM posespark.lake3.images")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM images_latest")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM images_latest WHERE run_id = '" + newest + "'"))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM poses_latest WHERE run_id = '" + newest + "'"))
        .isEqualTo(2);
    assertThat(count("SELECT count(*) FROM poses_latest")).isEqualTo(2);
    Map<String, String> digests = spark.sql("SELECT model_digests FROM posespark.lake3.runs "
        + "WHERE run_id = '" + newest + "'").first().getJavaMap(0);
    assertThat(digests).containsEntry("image-size-test", "2");
  }
}
