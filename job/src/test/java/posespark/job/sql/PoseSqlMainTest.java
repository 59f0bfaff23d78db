package posespark.job.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.annotate.AnnotatedTables;
import posespark.job.spark.LocalSpark;
import posespark.models.image.ImageFiles;

/**
 * {@code pose-sql} through its main class over tables written by two real annotate runs of the same
 * folder (the second after an image changed, one was removed and one added), checked against DuckDB
 * reading the same Parquet files.
 */
class PoseSqlMainTest {

  @TempDir
  static Path tmp;

  static Path tables;
  static String firstRun;
  static String secondRun;

  @BeforeAll
  static void annotateTwice() throws Exception {
    Path photos = tmp.resolve("photos");
    Files.createDirectories(photos);
    // The test pipeline scores every keypoint with the image's mean red level / 255.
    Files.write(photos.resolve("a.png"), ImageFiles.grayPng(40, 30, 50));
    Files.write(photos.resolve("b.png"), ImageFiles.grayPng(30, 40, 100));
    Files.write(photos.resolve("c.png"), ImageFiles.grayPng(20, 20, 200));
    tables = tmp.resolve("tables");
    var spark = LocalSpark.get();
    firstRun = AnnotatedTables.annotate(spark, tmp.resolve("w1"), photos, tables, "shots", "2024-05-06");
    Files.write(photos.resolve("c.png"), ImageFiles.grayPng(24, 16, 220));
    Files.write(photos.resolve("d.png"), ImageFiles.grayPng(16, 16, 90));
    Files.delete(photos.resolve("a.png"));
    secondRun = AnnotatedTables.annotate(spark, tmp.resolve("w2"), photos, tables, "shots", "2024-05-07");
  }

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  record Result(int status, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    int status = PoseSqlMain.run(in, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Result sql(String sql, String... more) {
    List<String> args = new ArrayList<>(List.of("--tables", tables.toString(), "-e", sql));
    args.addAll(List.of(more));
    return run("", args.toArray(String[]::new));
  }

  /** DuckDB's answer as CSV lines (header first), with the three tables as views. */
  static List<String> duck(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      for (String t : List.of("poses", "images", "runs")) {
        s.execute("CREATE VIEW all_" + t + " AS SELECT * FROM read_parquet('" + tables.resolve(t)
            + "/**/*.parquet', hive_partitioning = true)");
      }
      List<String> lines = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(sql)) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(md.getColumnLabel(i));
        }
        lines.add(String.join(",", row));
        while (rs.next()) {
          row.clear();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.add(v == null ? "" : v.toString());
          }
          lines.add(String.join(",", row));
        }
      }
      return lines;
    }
  }

  /** The latest-run rule written out in DuckDB's SQL, independently of the Spark views. */
  static final String DUCK_LATEST = "latest AS (SELECT dataset, uri, run_id FROM (SELECT i.dataset, i.uri, i.run_id, "
      + "row_number() OVER (PARTITION BY i.dataset, i.uri ORDER BY r.started_at DESC, i.run_id DESC) AS n "
      + "FROM all_images i JOIN all_runs r ON i.run_id = r.run_id AND r.status = 'ok') WHERE n = 1)";

  static String name(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  @Test
  void imagesViewShowsEachImageOnceFromItsNewestSuccessfulRun() throws Exception {
    Result r = sql("SELECT regexp_extract(uri, '[^/]+$', 0) AS name, run_id, width FROM images ORDER BY name",
        "--format", "csv");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactly("name,run_id,width", "a.png," + firstRun + ",40",
        "b.png," + secondRun + ",30", "c.png," + secondRun + ",24", "d.png," + secondRun + ",16");
    assertThat(r.lines()).containsExactlyElementsOf(duck("WITH " + DUCK_LATEST
        + " SELECT regexp_extract(i.uri, '[^/]+$', 0) AS name, i.run_id, i.width FROM all_images i "
        + "SEMI JOIN latest l ON i.dataset = l.dataset AND i.uri = l.uri AND i.run_id = l.run_id ORDER BY name"));
  }

  @Test
  void allRunsShowsEveryCommittedRow() throws Exception {
    Result r = sql("SELECT run_id, count(*) AS persons FROM poses GROUP BY run_id ORDER BY run_id",
        "--all-runs", "--format", "csv");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactlyElementsOf(
        duck("SELECT run_id, count(*) AS persons FROM all_poses GROUP BY run_id ORDER BY run_id"));
    assertThat(r.lines()).hasSize(3);
  }

  @Test
  void functionAnswersAgreeWithDuckDbBuiltIns() throws Exception {
    Result r = sql("SELECT regexp_extract(uri, '[^/]+$', 0) AS name, person_index, "
        + "visible_count(keypoints, 0.3) AS visible, round(keypoint(keypoints, 'left_wrist').x, 6) AS wrist_x, "
        + "round(limb_length(keypoints, 'nose', 'right_ankle'), 6) AS length "
        + "FROM poses ORDER BY name, person_index", "--format", "csv");
    assertThat(r.status()).as(r.err()).isZero();
    List<String> duck = duck("WITH " + DUCK_LATEST + " SELECT regexp_extract(p.uri, '[^/]+$', 0) AS name, "
        + "p.person_index, len(list_filter(p.keypoints, k -> k.score >= 0.3)) AS visible, "
        + "round(p.keypoints[10].x, 6) AS wrist_x, round(sqrt((p.keypoints[1].x - p.keypoints[17].x) ** 2 "
        + "+ (p.keypoints[1].y - p.keypoints[17].y) ** 2), 6) AS length FROM all_poses p "
        + "SEMI JOIN latest l ON p.dataset = l.dataset AND p.uri = l.uri AND p.run_id = l.run_id "
        + "ORDER BY name, person_index");
    assertThat(r.lines()).hasSize(5).containsExactlyElementsOf(duck);
    // a.png (red 50) scores 0.196: no keypoint at 0.3; c.png (red 220) all 17
    assertThat(r.lines().get(1)).startsWith("a.png,0,0,");
    assertThat(r.lines().get(3)).startsWith("c.png,0,17,");
  }

  @Test
  void tsvAndJsonPrintOnlyHeaderAndRows() throws Exception {
    Result tsv = sql("SELECT run_id, status FROM runs ORDER BY started_at", "--format", "tsv");
    assertThat(tsv.status()).as(tsv.err()).isZero();
    assertThat(tsv.lines()).containsExactly("run_id\tstatus", firstRun + "\tok", secondRun + "\tok");
    Result json = sql("SELECT uri, keypoint(keypoints, 'nose') AS nose, CAST(NULL AS string) AS nothing "
        + "FROM poses ORDER BY uri LIMIT 2", "--format", "json");
    assertThat(json.status()).as(json.err()).isZero();
    assertThat(json.lines()).hasSize(2);
    JsonNode row = new ObjectMapper().readTree(json.lines().get(0));
    assertThat(row.get("uri").asText()).endsWith("/a.png");
    assertThat(row.get("nose").get("x").asDouble()).isEqualTo(40 / 18.0, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(row.has("nothing")).isTrue();
    assertThat(row.get("nothing").isNull()).isTrue();
  }

  @Test
  void tableFormatAlignsColumnsAndCountsRows() {
    Result r = sql("SELECT status, count(*) AS n FROM images GROUP BY status");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.lines()).containsExactly("+--------+---+", "| status | n |", "+--------+---+",
        "| ok     | 4 |", "+--------+---+", "(1 row)");
  }

  @Test
  void sqlErrorPrintsOneLineAndExitsOne() {
    Result r = sql("SELECT no_such_column FROM poses", "--format", "csv");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("pose-sql: [UNRESOLVED_COLUMN.WITH_SUGGESTION]");
    Result bad = sql("SELECT joint_angle(keypoints, 'nose', 'neck', 'left_eye') FROM poses");
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo(
        "pose-sql: joint_angle: argument b 'neck' is not a COCO keypoint name (see keypoint_names())\n");
    Result runtime = sql("SELECT keypoint(slice(keypoints, 1, 5), 'nose') FROM poses");
    assertThat(runtime.status()).isEqualTo(1);
    assertThat(runtime.err()).isEqualTo("pose-sql: keypoint: argument kps has 5 keypoints, expected 17\n");
  }

  @Test
  void badArgumentsExitTwoWithOneLine() {
    Result missing = run("", "-e", "SELECT 1");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).startsWith("pose-sql: Missing required option: '--tables=DIR'");
    Result format = sql("SELECT 1", "--format", "xml");
    assertThat(format.status()).isEqualTo(2);
    assertThat(format.err()).isEqualTo("pose-sql: --format must be table, tsv, csv or json, not 'xml'\n");
    Result noTables = run("", "--tables", tmp.resolve("nothing").toString(), "-e", "SELECT 1");
    assertThat(noTables.status()).isEqualTo(2);
    assertThat(noTables.err()).contains("has no poses table");
  }

  @Test
  void fileRunsEveryStatementInOrder() throws Exception {
    Path file = tmp.resolve("q.sql");
    Files.writeString(file, "-- views made in the file are usable later on; a ';' in a string stays\n"
        + "CREATE TEMP VIEW bright AS SELECT * FROM poses WHERE pose_score > 0.5;\n"
        + "SELECT count(*) AS n, 'a;b' AS s FROM bright;\n");
    Result r = run("", "--tables", tables.toString(), "-f", file.toString(), "--format", "csv");
    assertThat(r.status()).as(r.err()).isZero();
    // c.png (220 / 255) is the only pose scoring above 0.5
    assertThat(r.lines()).containsExactly("n,s", "1,a;b");
  }

  @Test
  void pipedPromptRunsStatementsAsTheyEnd() {
    Result r = run("SELECT count(*) AS n FROM images;\nSELECT 1 +\n  1 AS two;\nSELECT nope;\nSELECT 3 AS three\n",
        "--tables", tables.toString(), "--format", "tsv");
    assertThat(r.lines()).containsExactly("n", "4", "two", "2", "three", "3");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.status()).as("a statement failed").isEqualTo(1);
  }

  @Test
  void workedQueriesOfTheDocsRun() throws Exception {
    String doc = Files.readString(Path.of(System.getProperty("posespark.repo.root"), "docs", "sql.md"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("```sql\n(.*?)```", java.util.regex.Pattern.DOTALL)
        .matcher(doc);
    int ran = 0;
    String regression = null;
    while (m.find()) {
      String query = m.group(1);
      if (query.contains("all_images")) {
        continue; // the rule spelled out for other engines
      }
      query = query.replace("<run A>", firstRun).replace("<run B>", secondRun).replace("/astronaut.png", "/c.png");
      Result r = sql(query, "--all-runs", "--format", "csv");
      assertThat(r.status()).as("%s%n%s", query, r.err()).isZero();
      assertThat(r.lines()).as(query).isNotEmpty();
      if (query.contains("mean_oks")) {
        regression = r.lines().get(1);
      }
      ran++;
    }
    assertThat(ran).isGreaterThanOrEqualTo(6);
    // b.png and c.png are in both runs; b.png unchanged, so its person matches with OKS 1
    assertThat(regression).startsWith("2,");
  }
}
