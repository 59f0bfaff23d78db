package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.image.ImageFiles;

/**
 * One annotate run over a folder of good and bad files (written here), with the test pipeline, on
 * real Spark; the tables are read back with Spark and with DuckDB.
 */
class AnnotateJobTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  static Path tmp;

  static SparkSession spark;
  static RunSummary summary;
  static Path output;
  static Path cocoResults;
  static Map<String, String> expectedErrors = new HashMap<>();
  static int okFiles;

  @BeforeAll
  static void annotateFolder() throws Exception {
    Path in = tmp.resolve("photos");
    Files.createDirectories(in.resolve("nested/deeper"));
    var picture = ImageFiles.picture(64, 48);
    Files.write(in.resolve("baseline.jpg"), ImageFiles.jpeg(picture, false));
    Files.write(in.resolve("progressive.jpg"), ImageFiles.jpeg(picture, true));
    Files.write(in.resolve("exif-rotated.jpg"),
        ImageFiles.withExifOrientation(ImageFiles.jpeg(picture, false), 6));
    Files.write(in.resolve("cmyk.jpg"), ImageFiles.cmykJpeg(40, 30, 10, 200, 30, 0));
    Files.write(in.resolve("gray.png"), ImageFiles.grayPng(20, 10, 90));
    Files.write(in.resolve("gray16.png"), ImageFiles.gray16Png(20, 10, 50000));
    Files.write(in.resolve("palette.png"), ImageFiles.palettePng(20, 10));
    Files.write(in.resolve("alpha.png"), ImageFiles.alphaPng(20, 10, 200, 10, 10, 128));
    Files.write(in.resolve("nested/deeper/000000000123.png"), ImageFiles.png(picture));
    okFiles = 9;
    Files.write(in.resolve("truncated.jpg"),
        ImageFiles.truncated(ImageFiles.jpeg(ImageFiles.picture(256, 256), false), 0.5));
    Files.write(in.resolve("empty.jpg"), new byte[0]);
    Files.write(in.resolve("notes.txt"), ImageFiles.text("not a picture"));
    Files.write(in.resolve("huge.png"), ImageFiles.pngHeaderOnly(100_000, 100_000));
    Files.write(in.resolve("blue.png"), ImageFiles.alphaPng(8, 8, 0, 0, 255, 255));
    expectedErrors.put("truncated.jpg", "corrupt jpeg (256x256): ");
    expectedErrors.put("empty.jpg", "empty file (0 bytes)");
    expectedErrors.put("notes.txt", "not an image: unrecognised file signature");
    expectedErrors.put("huge.png", "image too large: 100000x100000");
    expectedErrors.put("blue.png", "test pipeline refuses blue images");

    spark = LocalSpark.get();
    output = tmp.resolve("out");
    cocoResults = tmp.resolve("results.json");
    AnnotateSettings settings = AnnotateRuns.settings(AnnotateRuns.testConf(tmp),
        "--input", in.toString(), "--output", output.toString(), "--run-date", "2024-05-06",
        "--batch-size", "3", "--coco-results", cocoResults.toString());
    summary = new AnnotateJob(spark, settings).run();
  }

  private static Dataset<Row> table(String name) {
    return spark.read().parquet(output.resolve(name).toString());
  }

  private static Map<String, Row> imagesByName() {
    Map<String, Row> rows = new TreeMap<>();
    for (Row r : table("images").collectAsList()) {
      String uri = r.getAs("uri");
      rows.put(uri.substring(uri.lastIndexOf('/') + 1), r);
    }
    return rows;
  }

  @Test
  void everyInputAppearsExactlyOnceInTheImagesTable() {
    List<Row> rows = table("images").collectAsList();
    assertThat(rows).as("rows").hasSize(okFiles + expectedErrors.size());
    assertThat(rows.stream().map(r -> (String) r.getAs("uri")).distinct().count())
        .as("distinct uris").isEqualTo(rows.size());
    assertThat(summary.images()).isEqualTo(rows.size());
  }

  @Test
  void badFilesGetStatusErrorWithAReadableReason() {
    Map<String, Row> rows = imagesByName();
    expectedErrors.forEach((name, reason) -> {
      Row r = rows.get(name);
      assertThat((String) r.getAs("status")).as(name).isEqualTo("error");
      assertThat((String) r.getAs("error")).as(name).startsWith(reason);
      assertThat((int) r.getAs("num_persons")).as(name).isZero();
    });
    assertThat(summary.errors()).isEqualTo(expectedErrors.size());
  }

  @Test
  void unusualButValidFilesAreAnnotated() {
    Map<String, Row> rows = imagesByName();
    for (String name : List.of("baseline.jpg", "progressive.jpg", "exif-rotated.jpg", "cmyk.jpg",
        "gray.png", "gray16.png", "palette.png", "alpha.png", "000000000123.png")) {
      Row r = rows.get(name);
      assertThat((String) r.getAs("status")).as(name + ": " + r.getAs("error")).isEqualTo("ok");
      assertThat((int) r.getAs("num_persons")).as(name).isEqualTo(1);
    }
  }

  @Test
  void exifRotatedImageIsAnnotatedInDisplayedOrientation() {
    Row r = imagesByName().get("exif-rotated.jpg");
    assertThat((int) r.getAs("width")).isEqualTo(48);
    assertThat((int) r.getAs("height")).isEqualTo(64);
  }

  @Test
  void headerSizeIsKeptForImagesRefusedAfterTheHeader() {
    Row r = imagesByName().get("huge.png");
    assertThat((int) r.getAs("width")).isEqualTo(100_000);
    assertThat(r.isNullAt(r.fieldIndex("width"))).isFalse();
    assertThat(imagesByName().get("notes.txt").isNullAt(r.fieldIndex("width"))).isTrue();
  }

  @Test
  void cocoStyleFileNamesGiveTheirNumberAsImageId() {
    Row r = imagesByName().get("000000000123.png");
    assertThat((long) r.getAs("image_id")).isEqualTo(123L);
  }

  @Test
  void posesTableHasOneRowPerPersonWithSeventeenKeypoints() {
    List<Row> poses = table("poses").collectAsList();
    assertThat(poses).hasSize(okFiles);
    assertThat(summary.persons()).isEqualTo(okFiles);
    Row baseline = poses.stream().filter(r -> ((String) r.getAs("uri")).endsWith("/baseline.jpg"))
        .findFirst().orElseThrow();
    Row bbox = baseline.getAs("bbox");
    assertThat(bbox.getDouble(2)).as("bbox w = image width").isEqualTo(64.0);
    assertThat(bbox.getDouble(3)).as("bbox h").isEqualTo(48.0);
    List<Row> keypoints = baseline.getList(baseline.fieldIndex("keypoints"));
    assertThat(keypoints).hasSize(17);
    assertThat(keypoints.get(8).getDouble(0)).as("keypoint 8 x = 9/18 of 64").isEqualTo(32.0);
    assertThat((double) baseline.getAs("area")).isEqualTo(64.0 * 48.0);
    assertThat((String) baseline.getAs("models")).isEqualTo("default-ensemble/flip/quarter");
    assertThat((int) baseline.getAs("person_index")).isZero();
  }

  @Test
  void tablesArePartitionedByDatasetRunDateAndRunId() {
    Row r = table("images").select("dataset", "run_date", "run_id").distinct().first();
    assertThat(r.getString(0)).isEqualTo("photos");
    assertThat(r.get(1).toString()).isEqualTo("2024-05-06");
    assertThat(r.getString(2)).isEqualTo(summary.runId());
    assertThat(output.resolve("poses/dataset=photos/run_date=2024-05-06/run_id=" + summary.runId()))
        .isDirectory();
  }

  @Test
  void runsTableRecordsTheRun() {
    List<Row> runs = table("runs").collectAsList();
    assertThat(runs).hasSize(1);
    Row run = runs.get(0);
    assertThat((String) run.getAs("status")).isEqualTo("ok");
    assertThat((long) run.getAs("images")).isEqualTo(okFiles + expectedErrors.size());
    assertThat((long) run.getAs("images_error")).isEqualTo(expectedErrors.size());
    assertThat((long) run.getAs("persons")).isEqualTo(okFiles);
    assertThat((String) run.getAs("config_digest")).hasSize(64);
    assertThat(run.getJavaMap(run.fieldIndex("model_digests"))).containsEntry("image-size-test", "none");
  }

  @Test
  void noStagingFolderIsLeftAfterCommit() {
    assertThat(output.resolve("_staging")).doesNotExist();
  }

  @Test
  void duckDbReadsTheSameRows() throws Exception {
    Map<Long, String> fromSpark = table("images").collectAsList().stream()
        .collect(Collectors.toMap(r -> (Long) r.getAs("image_id"), r -> (String) r.getAs("status")));
    Map<Long, String> fromDuck = new HashMap<>();
    long duckPersons;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT image_id, status FROM read_parquet('"
          + output.resolve("images") + "/**/*.parquet', hive_partitioning = true)")) {
        while (rs.next()) {
          fromDuck.put(rs.getLong(1), rs.getString(2));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*), min(len(keypoints)) FROM read_parquet('"
          + output.resolve("poses") + "/**/*.parquet', hive_partitioning = true)")) {
        rs.next();
        duckPersons = rs.getLong(1);
        assertThat(rs.getLong(2)).isEqualTo(17);
      }
    }
    assertThat(fromDuck).isEqualTo(fromSpark);
    assertThat(duckPersons).isEqualTo(okFiles);
  }

  @Test
  void parquetFooterCarriesTheSchemaVersion() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT decode(value) FROM parquet_kv_metadata('"
            + output.resolve("poses") + "/**/*.parquet') WHERE decode(key) = "
            + "'org.apache.spark.sql.parquet.row.metadata' LIMIT 1")) {
      assertThat(rs.next()).isTrue();
      JsonNode schema = new ObjectMapper().readTree(rs.getString(1));
      JsonNode imageId = schema.get("fields").get(0);
      assertThat(imageId.get("name").asText()).isEqualTo("image_id");
      assertThat(imageId.get("metadata").get("posespark.schema_version").asInt())
          .isEqualTo(posespark.job.table.PoseTables.SCHEMA_VERSION).isEqualTo(2);
      assertThat(imageId.get("metadata").get("posespark.table").asText()).isEqualTo("poses");
    }
  }

  @Test
  void cocoResultsJsonHasOneEntryPerPerson() throws Exception {
    JsonNode results = new ObjectMapper().readTree(cocoResults.toFile());
    assertThat(results.size()).isEqualTo(okFiles);
    for (JsonNode r : results) {
      assertThat(r.get("category_id").asInt()).isEqualTo(1);
      assertThat(r.get("keypoints").size()).isEqualTo(51);
      assertThat(r.get("score").isNumber()).isTrue();
    }
    assertThat(Stream.of(results.findValues("image_id").toArray(new JsonNode[0]))
        .anyMatch(n -> n.asLong() == 123L)).isTrue();
  }
}
