package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad nightly arguments end with one line and exit code 2, before Spark starts. */
class NightlyMainTest {

  @TempDir
  static Path tmp;
  static String photos;
  static String conf;

  @BeforeAll
  static void files() throws Exception {
    photos = Files.createDirectories(tmp.resolve("photos")).toString();
    conf = NightlyRuns.testConf(tmp).toString();
  }

  private static void assertRefused(String message, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = NightlyMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true),
        sparkConf -> {
          throw new AssertionError("Spark must not start for these arguments");
        });
    assertThat(code).as("exit code").isEqualTo(NightlyMain.BAD_ARGUMENTS);
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("nightly: ").contains(message);
  }

  @Test
  void tablesLocationIsRequired() {
    assertRefused("--output DIR (Parquet) or --warehouse URI (Iceberg) is required",
        "--input", photos, "--conf", conf);
  }

  @Test
  void outputAndWarehouseExcludeEachOther() {
    assertRefused("--output is for Parquet tables", "--input", photos, "--output", "x",
        "--warehouse", "file:///tmp/w", "--conf", conf);
  }

  @Test
  void unknownCatalogIsRefused() {
    assertRefused("--catalog must be hadoop, jdbc, rest or hive, not 'glue'", "--input", photos,
        "--warehouse", "file:///tmp/w", "--catalog", "glue", "--conf", conf);
  }

  @Test
  void restCatalogNeedsAStateFolder() {
    assertRefused("--catalog rest needs --state-dir", "--input", photos, "--warehouse", "wh",
        "--catalog", "rest", "--conf", conf);
  }

  @Test
  void hadoopCatalogOnAnObjectStoreIsRefused() {
    assertRefused("--catalog hadoop commits by renaming a metadata file, which is not atomic on "
        + "s3a://; use --catalog jdbc, rest or hive", "--input", photos,
        "--warehouse", "s3a://bucket/warehouse", "--conf", conf);
  }

  @Test
  void stateFolderOnAnObjectStoreIsRefused() {
    assertRefused("the run lock in s3a://bucket/state would not be atomic (s3a:// has no "
        + "create-if-absent); give --state-dir on HDFS or a shared disk, or "
        + "--allow-object-store-lock", "--input", photos, "--warehouse", "s3a://bucket/warehouse",
        "--catalog", "jdbc", "--state-dir", "s3a://bucket/state", "--conf", conf);
  }

  @Test
  void parquetOutputOnAnObjectStoreNeedsAStateFolderElsewhere() {
    assertRefused("the run lock in gs://bucket/tables would not be atomic", "--input", photos,
        "--output", "gs://bucket/tables", "--conf", conf);
  }

  @Test
  void objectStoreLockIsAcceptedOnlyWhenAskedFor() throws Exception {
    NightlySettings held = resolve("--input", photos, "--warehouse", "s3a://bucket/warehouse",
        "--catalog", "jdbc", "--state-dir", "hdfs://namenode:8020/state", "--conf", conf);
    assertThat(held.stateDir()).isEqualTo("hdfs://namenode:8020/state");
    NightlySettings overridden = resolve("--input", photos, "--output", "s3a://bucket/tables",
        "--allow-object-store-lock", "--conf", conf);
    assertThat(overridden.stateDir()).isEqualTo("s3a://bucket/tables");
  }

  private static NightlySettings resolve(String... args) {
    NightlyCommand cli = new NightlyCommand();
    new picocli.CommandLine(cli).parseArgs(args);
    return NightlySettings.resolve(cli);
  }

  @Test
  void unknownFormatIsRefused() {
    assertRefused("--format must be parquet or iceberg, not 'delta'", "--input", photos,
        "--output", "x", "--format", "delta", "--conf", conf);
  }

  @Test
  void annotateOptionsAreCheckedToo() {
    assertRefused("--run-date must be YYYY-MM-DD", "--input", photos, "--output", "x",
        "--run-date", "yesterday", "--conf", conf);
  }

  @Test
  void helpNamesTheNightlyOptions() {
    StringWriter out = new StringWriter();
    int code = NightlyMain.execute(new String[] {"--help"}, new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true), c -> {
          throw new AssertionError("no Spark for --help");
        });
    assertThat(code).isZero();
    assertThat(out.toString()).contains("--plan-only", "--content-hash",
        "--reprocess-if-models-changed", "--warehouse", "--ensemble");
  }
}
