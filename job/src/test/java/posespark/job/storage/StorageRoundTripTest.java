package posespark.job.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.EvalParams;
import posespark.job.annotate.AnnotateRunner;
import posespark.job.annotate.RunSummary;
import posespark.job.eval.EvaluateMain;
import posespark.job.spark.LocalSpark;
import posespark.models.image.ImageFiles;

/**
 * The annotate job reads its inputs from and writes its tables to real HDFS and S3 servers (started
 * here, in their own JVMs): a folder on HDFS into tables on HDFS, and a COCO JSON with its images
 * on S3 (ground-truth boxes) into tables on S3. The tables are read back with Spark, and with
 * DuckDB from a local copy; the evaluator reads its inputs from HDFS and writes its report there.
 * The servers themselves are checked too (HDFS blocks on a DataNode, S3 signatures).
 * The pipeline is the deterministic test pipeline: storage, not models, is the point.
 */
class StorageRoundTripTest {

  @TempDir
  static Path tmp;

  static MiniHdfs hdfs;
  static S3Server s3;
  static SparkSession spark;
  static Configuration conf;

  static RunSummary hdfsRun;
  static RunSummary s3Run;
  static RunSummary crossRun;

  /** Files of the test set: name → {width, height}; 000000000004.jpg is truncated (an error). */
  static final Map<String, int[]> SIZES = new TreeMap<>(Map.of(
      "000000000001.jpg", new int[] {64, 48},
      "000000000002.png", new int[] {40, 30},
      "000000000003.jpg", new int[] {32, 32},
      "000000000004.jpg", new int[] {256, 256}));

  /**
   * Ground-truth person boxes without keypoints: image id → boxes (x, y, w, h). The S3 run's boxes
   * are these plus the whole-image box of each keypoint annotation.
   */
  static final Map<Long, double[][]> GT_BOXES = Map.of(
      1L, new double[][] {{2, 3, 20, 30}, {30, 4, 24, 40}},
      2L, new double[][] {{5, 5, 10, 20}},
      4L, new double[][] {{0, 0, 100, 100}});

  @BeforeAll
  static void annotateOnBothStores() throws Exception {
    CompletableFuture<MiniHdfs> hdfsStart = CompletableFuture.supplyAsync(
        () -> MiniHdfs.start(tmp.resolve("hdfs")));
    s3 = S3Server.start(tmp.resolve("s3"));
    hdfs = hdfsStart.join();
    spark = LocalSpark.get();
    s3.configure(spark);
    conf = spark.sparkContext().hadoopConfiguration();

    Path local = Files.createDirectories(tmp.resolve("local/images"));
    for (Map.Entry<String, int[]> e : SIZES.entrySet()) {
      var picture = ImageFiles.picture(e.getValue()[0], e.getValue()[1]);
      byte[] bytes = e.getKey().endsWith(".png") ? ImageFiles.png(picture)
          : ImageFiles.jpeg(picture, false);
      Files.write(local.resolve(e.getKey()),
          e.getKey().equals("000000000004.jpg") ? ImageFiles.truncated(bytes, 0.5) : bytes);
    }
    Path gt = tmp.resolve("local/gt.json");
    writeGroundTruth(gt);

    upload(local, hdfs.uri("/data/photos"));
    upload(gt, hdfs.uri("/data/gt.json"));
    hdfsRun = AnnotateRunner.run(spark, tmp.resolve("hdfs-conf"),
        "--input", hdfs.uri("/data/photos"), "--output", hdfs.uri("/tables"),
        "--run-date", "2024-05-06", "--coco-results", hdfs.uri("/results/poses.json"));

    upload(local, s3.uri("/coco/images"));
    upload(gt, s3.uri("/coco/gt.json"));
    s3Run = AnnotateRunner.run(spark, tmp.resolve("s3-conf"),
        "--input", s3.uri("/coco/gt.json"), "--boxes", "gt", "--output", s3.uri("/tables"),
        "--run-date", "2024-05-07", "--coco-results", s3.uri("/results/poses.json"));
    // From one file system to another, into tables that already hold a run.
    crossRun = AnnotateRunner.run(spark, tmp.resolve("cross-conf"),
        "--input", hdfs.uri("/data/photos"), "--output", s3.uri("/tables"), "--run-date", "2024-05-08");
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
    if (hdfs != null) {
      hdfs.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /**
   * COCO ground truth whose keypoints are where the test pipeline puts them for a whole-image
   * person (keypoint k at (k + 1) / 18 of the diagonal), so the HDFS run evaluates to AP 1; its
   * annotations' boxes are the S3 run's given boxes.
   */
  private static void writeGroundTruth(Path file) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode images = root.putArray("images");
    ArrayNode annotations = root.putArray("annotations");
    int annotationId = 100;
    for (Map.Entry<String, int[]> e : SIZES.entrySet()) {
      long id = Long.parseLong(e.getKey().substring(0, e.getKey().indexOf('.')));
      int w = e.getValue()[0];
      int h = e.getValue()[1];
      images.addObject().put("id", id).put("file_name", e.getKey()).put("width", w).put("height", h);
      if (id == 4) {
        continue; // the unreadable image has no keypoint ground truth
      }
      ObjectNode a = annotations.addObject().put("id", annotationId++).put("image_id", id)
          .put("category_id", 1).put("iscrowd", 0).put("area", (double) w * h)
          .put("num_keypoints", 17);
      ArrayNode bbox = a.putArray("bbox");
      bbox.add(0).add(0).add(w).add(h);
      ArrayNode keypoints = a.putArray("keypoints");
      for (int k = 0; k < 17; k++) {
        double f = (k + 1) / 18.0;
        keypoints.add((float) (f * w)).add((float) (f * h)).add(2);
      }
    }
    // The S3 run's boxes: persons without keypoints (num_keypoints 0 is ignored by keypoint AP).
    for (Map.Entry<Long, double[][]> e : new TreeMap<>(GT_BOXES).entrySet()) {
      for (double[] b : e.getValue()) {
        ObjectNode a = annotations.addObject().put("id", annotationId++).put("image_id", e.getKey())
            .put("category_id", 1).put("iscrowd", 0).put("area", b[2] * b[3])
            .put("num_keypoints", 0);
        a.putArray("bbox").add(b[0]).add(b[1]).add(b[2]).add(b[3]);
        ArrayNode none = a.putArray("keypoints");
        for (int i = 0; i < 51; i++) {
          none.add(0);
        }
      }
    }
    root.putArray("categories").addObject().put("id", 1).put("name", "person");
    json.writeValue(file.toFile(), root);
  }

  private static void upload(Path local, String uri) throws Exception {
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(uri);
    to.getFileSystem(conf).copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), to);
  }

  private static Dataset<Row> table(String root, String name) {
    return spark.read().parquet(root + "/" + name);
  }

  /** The rows of one run. */
  private static Dataset<Row> table(String root, String name, RunSummary run) {
    return table(root, name).where(org.apache.spark.sql.functions.col("run_id").equalTo(run.runId()));
  }

  private static Map<String, Row> imagesByName(String root, RunSummary run) {
    Map<String, Row> rows = new TreeMap<>();
    for (Row r : table(root, "images", run).collectAsList()) {
      String uri = r.getAs("uri");
      rows.put(uri.substring(uri.lastIndexOf('/') + 1), r);
    }
    return rows;
  }

  @Test
  void hdfsRunReadsEveryImageFromHdfs() {
    Map<String, Row> images = imagesByName(hdfs.uri("/tables"), hdfsRun);
    assertThat(images.keySet()).containsExactlyElementsOf(SIZES.keySet());
    for (Map.Entry<String, Row> e : images.entrySet()) {
      Row r = e.getValue();
      assertThat((String) r.getAs("uri")).startsWith(hdfs.uri("/data/photos/"));
      assertThat((int) r.getAs("width")).as(e.getKey()).isEqualTo(SIZES.get(e.getKey())[0]);
      assertThat((int) r.getAs("height")).as(e.getKey()).isEqualTo(SIZES.get(e.getKey())[1]);
    }
    assertThat((String) images.get("000000000004.jpg").getAs("status")).isEqualTo("error");
    assertThat((String) images.get("000000000004.jpg").getAs("error")).startsWith("corrupt jpeg (256x256)");
    assertThat(hdfsRun.images()).isEqualTo(4);
    assertThat(hdfsRun.errors()).isEqualTo(1);
  }

  @Test
  void hdfsRunWritesPosesAndRunsTablesOnHdfs() throws Exception {
    List<Row> poses = table(hdfs.uri("/tables"), "poses").orderBy("image_id").collectAsList();
    assertThat(poses).extracting(r -> (long) r.getAs("image_id")).containsExactly(1L, 2L, 3L);
    Row first = poses.get(0);
    List<Row> keypoints = first.getList(first.fieldIndex("keypoints"));
    assertThat(keypoints.get(8).getDouble(0)).as("keypoint 8 x = 9/18 of 64").isEqualTo(32.0);
    assertThat(keypoints.get(8).getDouble(1)).as("keypoint 8 y = 9/18 of 48").isEqualTo(24.0);
    Row run = table(hdfs.uri("/tables"), "runs").first();
    assertThat((String) run.getAs("status")).isEqualTo("ok");
    assertThat((String) run.getAs("input")).isEqualTo(hdfs.uri("/data/photos"));
    FileSystem fs = hdfs.fileSystem(conf);
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(hdfs.uri("/tables/poses/dataset=photos/run_date=2024-05-06/run_id="
        + hdfsRun.runId())))).isTrue();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(hdfs.uri("/tables/_staging")))).isFalse();
  }

  @Test
  void evaluateReadsGroundTruthAndResultsFromHdfsAndWritesItsReportThere() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EvaluateMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        "--gt", hdfs.uri("/data/gt.json"), "--results", hdfs.uri("/results/poses.json"),
        "--engine", "local", "--json", hdfs.uri("/reports/stats.json"));
    assertThat(code).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();

    Path gt = tmp.resolve("local/gt.json");
    Path results = tmp.resolve("local/results-from-hdfs.json");
    hdfs.fileSystem(conf).copyToLocalFile(new org.apache.hadoop.fs.Path(hdfs.uri("/results/poses.json")),
        new org.apache.hadoop.fs.Path(results.toUri()));
    CocoEvalResult expected = new CocoEvaluator(EvalParams.keypoints()).evaluate(gt, results);
    assertThat(expected.stats()[0]).as("keypoints where the ground truth has them: AP 1").isEqualTo(1.0);
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(expected.summaryLines());
    JsonNode stats;
    try (InputStream in = hdfs.fileSystem(conf).open(new org.apache.hadoop.fs.Path(hdfs.uri("/reports/stats.json")))) {
      stats = new ObjectMapper().readTree(in);
    }
    assertThat(stats.get("stats").get(0).asDouble()).isEqualTo(1.0);
    assertThat(stats.get("run").get("gt").asText()).isEqualTo(hdfs.uri("/data/gt.json"));
  }

  @Test
  void s3RunReadsCocoJsonAndImagesFromS3WithItsBoxes() {
    Map<String, Row> images = imagesByName(s3.uri("/tables"), s3Run);
    assertThat(images.keySet()).containsExactlyElementsOf(SIZES.keySet());
    assertThat(images.values()).allSatisfy(r ->
        assertThat((String) r.getAs("uri")).startsWith(s3.uri("/coco/images/")));
    assertThat((int) images.get("000000000001.jpg").getAs("num_persons")).isEqualTo(3);
    assertThat((int) images.get("000000000003.jpg").getAs("num_persons")).isEqualTo(1);
    assertThat((int) images.get("000000000004.jpg").getAs("num_persons")).as("unreadable").isZero();
    Map<Long, List<String>> boxes = new TreeMap<>();
    for (Row r : table(s3.uri("/tables"), "poses", s3Run).collectAsList()) {
      Row b = r.getAs("bbox");
      boxes.computeIfAbsent(r.getAs("image_id"), k -> new java.util.ArrayList<>())
          .add(String.format(java.util.Locale.ROOT, "%.0f,%.0f,%.0f,%.0f", b.getDouble(0), b.getDouble(1),
              b.getDouble(2), b.getDouble(3)));
    }
    boxes.values().forEach(java.util.Collections::sort);
    assertThat(boxes).isEqualTo(Map.of(1L, List.of("0,0,64,48", "2,3,20,30", "30,4,24,40"),
        2L, List.of("0,0,40,30", "5,5,10,20"), 3L, List.of("0,0,32,32")));
    assertThat(s3Run.persons()).isEqualTo(6);
  }

  @Test
  void s3CommitPublishesOneObjectPerTableAndLeavesNoStaging() {
    String partition = "/run_date=2024-05-07/run_id=" + s3Run.runId() + "/";
    for (String table : List.of("images", "poses", "runs")) {
      assertThat(s3.objectKeys("tables/" + table + "/dataset=gt/")).as(table)
          .filteredOn(k -> k.endsWith(".parquet"))
          .singleElement().asString().startsWith("tables/" + table + "/dataset=gt" + partition);
    }
    assertThat(s3.objectKeys("tables/_staging")).isEmpty();
  }

  @Test
  void s3CocoResultsFileHoldsOneEntryPerPerson() throws Exception {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(s3.uri("/results/poses.json"));
    JsonNode results;
    try (InputStream in = file.getFileSystem(conf).open(file)) {
      results = new ObjectMapper().readTree(in);
    }
    assertThat(results.size()).isEqualTo(6);
    assertThat(results.get(0).get("keypoints").size()).isEqualTo(51);
    assertThat(s3.objectKeys("results/")).containsExactly("results/poses.json");
  }

  @Test
  void duckDbReadsTheS3TablesFromALocalCopy() throws Exception {
    Path copy = tmp.resolve("s3-copy");
    org.apache.hadoop.fs.Path tables = new org.apache.hadoop.fs.Path(s3.uri("/tables"));
    tables.getFileSystem(conf).copyToLocalFile(tables, new org.apache.hadoop.fs.Path(copy.toUri()));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), sum(num_persons), min(dataset), "
            + "count(DISTINCT run_id) FROM read_parquet('" + copy.resolve("images")
            + "/**/*.parquet', hive_partitioning = true) WHERE dataset = 'gt'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(4);
      assertThat(rs.getLong(2)).isEqualTo(6);
      assertThat(rs.getString(3)).isEqualTo("gt");
      assertThat(rs.getLong(4)).isEqualTo(1);
    }
  }

  @Test
  void hdfsStoresAFileInBlocksOnItsDataNode() throws Exception {
    FileSystem fs = hdfs.fileSystem(conf);
    byte[] data = new byte[3 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >> 11));
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(hdfs.uri("/blocks/data.bin"));
    try (OutputStream out = fs.create(file, true, 4096, (short) 1, 1 << 20)) {
      out.write(data);
    }
    assertThat(fs.getFileBlockLocations(fs.getFileStatus(file), 0, data.length))
        .as("1 MiB blocks").hasSize(3);
    byte[] back = new byte[data.length];
    try (InputStream in = fs.open(file)) {
      org.apache.hadoop.io.IOUtils.readFully(in, back, 0, back.length);
    }
    assertThat(back).isEqualTo(data);
  }

  @Test
  void s3ServerChecksTheSignature() {
    Configuration wrong = s3.configure(new Configuration());
    wrong.set("fs.s3a.secret.key", "not-the-secret");
    wrong.setBoolean("fs.s3a.impl.disable.cache", true);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(s3.uri("/probe.txt"));
    assertThatThrownBy(() -> {
      try (FileSystem fs = path.getFileSystem(wrong); OutputStream out = fs.create(path)) {
        out.write('x');
      }
    }).hasStackTraceContaining("403");
    assertThat(s3.objectKeys("probe")).isEmpty();
  }

  @Test
  void aMissingRemoteInputFailsTheRunWithSparksMessageAndARunsRow() {
    String output = hdfs.uri("/missing-input-tables");
    assertThatThrownBy(() -> AnnotateRunner.run(spark, tmp.resolve("missing-conf"),
        "--input", hdfs.uri("/no/such/folder"), "--output", output))
        .hasMessageContaining("Path does not exist: " + hdfs.uri("/no/such/folder"));
    Row run = table(output, "runs").first();
    assertThat((String) run.getAs("status")).isEqualTo("failed");
    assertThat((String) run.getAs("error")).contains("Path does not exist");
  }

  @Test
  void evaluateNamesTheRemoteFileWhenItsContentIsBad() throws Exception {
    org.apache.hadoop.fs.Path bad = new org.apache.hadoop.fs.Path(hdfs.uri("/data/bad-gt.json"));
    try (OutputStream out = hdfs.fileSystem(conf).create(bad)) {
      out.write(("{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1}], \"annotations\": "
          + "[{\"id\": 5, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 9, 9], \"area\": 81}]}").getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = EvaluateMain.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        "--gt", bad.toString(), "--results", hdfs.uri("/results/poses.json"), "--engine", "local");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).strip()).isEqualTo("evaluate: " + bad
        + ": annotations[0] (id 5) has no iscrowd");
  }

  @Test
  void s3TablesKeepEveryRunEachAsOneObjectAcrossFileSystems() {
    for (String table : List.of("images", "poses", "runs")) {
      assertThat(s3.objectKeys("tables/" + table + "/")).as(table)
          .filteredOn(k -> k.endsWith(".parquet")).hasSize(2);
    }
    Map<String, Long> imagesPerRun = new TreeMap<>();
    for (Row r : table(s3.uri("/tables"), "images").groupBy("run_id").count().collectAsList()) {
      imagesPerRun.put(r.getString(0), r.getLong(1));
    }
    assertThat(imagesPerRun).isEqualTo(Map.of(s3Run.runId(), 4L, crossRun.runId(), 4L));
    assertThat(imagesByName(s3.uri("/tables"), crossRun).values()).allSatisfy(r ->
        assertThat((String) r.getAs("uri")).startsWith(hdfs.uri("/data/photos/")));
    assertThat(crossRun.persons()).isEqualTo(hdfsRun.persons());
  }
}
