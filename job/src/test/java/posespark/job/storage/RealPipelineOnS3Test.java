package posespark.job.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.annotate.AnnotateRunner;
import posespark.job.annotate.RunSummary;
import posespark.job.spark.LocalSpark;
import posespark.models.samples.SamplePhotos;

/**
 * Real models (CenterNet detector, MoveNet-Lightning) on real photos read from and written to a
 * real S3 server give the same poses as the same run on the local disk.
 */
class RealPipelineOnS3Test {

  @TempDir
  static Path tmp;

  static S3Server s3;
  static SparkSession spark;
  static RunSummary s3Run;
  static RunSummary localRun;

  @BeforeAll
  static void annotateOnS3AndLocally() throws Exception {
    s3 = S3Server.start(tmp.resolve("s3"));
    spark = LocalSpark.get();
    s3.configure(spark);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (SamplePhotos.Sample s : List.of(SamplePhotos.MESSI, SamplePhotos.ASTRONAUT)) {
      Files.copy(SamplePhotos.get(s), photos.resolve(s.fileName()));
    }
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(s3.uri("/photos"));
    remote.getFileSystem(conf).copyFromLocalFile(false, true,
        new org.apache.hadoop.fs.Path(photos.toUri()), remote);
    String[] pipeline = {"--ensemble", "movenet-lightning", "--no-flip", "--dataset", "photos"};
    s3Run = AnnotateRunner.runRealPipeline(spark, tmp.resolve("conf"), concat(pipeline,
        "--input", s3.uri("/photos"), "--output", s3.uri("/tables")));
    localRun = AnnotateRunner.runRealPipeline(spark, tmp.resolve("conf"), concat(pipeline,
        "--input", photos.toString(), "--output", tmp.resolve("tables").toString()));
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
    if (s3 != null) {
      s3.close();
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** file name, person, score and keypoints (rounded to 1e-4 px) of every pose of a table. */
  private static Set<String> poses(String tables) {
    return spark.read().parquet(tables + "/poses").collectAsList().stream().map(RealPipelineOnS3Test::describe)
        .collect(Collectors.toSet());
  }

  private static String describe(Row r) {
    String uri = r.getAs("uri");
    List<Row> keypoints = r.getList(r.fieldIndex("keypoints"));
    return uri.substring(uri.lastIndexOf('/') + 1) + " #" + r.getAs("person_index")
        + String.format(java.util.Locale.ROOT, " %.6f ", (double) r.getAs("pose_score"))
        + keypoints.stream().map(k -> String.format(java.util.Locale.ROOT, "%.4f,%.4f",
            k.getDouble(0), k.getDouble(1))).collect(Collectors.joining(" "));
  }

  @Test
  void posesFromS3EqualThePosesFromTheLocalDisk() {
    Set<String> fromS3 = poses(s3.uri("/tables"));
    assertThat(fromS3).as("persons found").hasSizeGreaterThanOrEqualTo(2);
    assertThat(fromS3).isEqualTo(poses(tmp.resolve("tables").toString()));
    assertThat(s3Run.persons()).isEqualTo(localRun.persons());
    assertThat(s3Run.errors()).isZero();
  }

  @Test
  void eachPhotoHasAPersonAndTheTablesAreOneObjectEach() {
    assertThat(poses(s3.uri("/tables")).stream().map(p -> p.substring(0, p.indexOf(' '))).distinct())
        .containsExactlyInAnyOrder("messi5.jpg", "astronaut.png");
    for (String table : List.of("images", "poses", "runs")) {
      assertThat(s3.objectKeys("tables/" + table + "/")).as(table)
          .filteredOn(k -> k.endsWith(".parquet")).hasSize(1);
    }
  }
}
