package posespark.job.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;

/** The test storage servers are real: bytes and Spark tables go through them and come back. */
class StorageServersTest {

  @TempDir
  static Path tmp;

  static MiniHdfs hdfs;
  static S3Server s3;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
    s3 = S3Server.start(tmp.resolve("s3"));
    spark = LocalSpark.get();
    s3.configure(spark);
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

  @Test
  void hdfsStoresAFileLargerThanOneBlock() throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
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
  void sparkWritesAndReadsParquetOnHdfs() {
    String table = hdfs.uri("/tables/numbers");
    spark.range(0, 1000).selectExpr("id", "id * id AS square").write().parquet(table);
    Row sums = spark.read().parquet(table).selectExpr("sum(id)", "sum(square)").first();
    assertThat(sums.getLong(0)).isEqualTo(499_500L);
    assertThat(sums.getLong(1)).isEqualTo(332_833_500L);
  }

  @Test
  void sparkWritesAndReadsParquetOnS3AndTheServerHoldsTheObjects() throws Exception {
    String table = s3.uri("/tables/numbers");
    spark.range(0, 1000).selectExpr("id", "id % 7 AS bucket").repartition(3).write().parquet(table);
    Row sums = spark.read().parquet(table).selectExpr("count(*)", "sum(bucket)").first();
    assertThat(sums.getLong(0)).isEqualTo(1000L);
    assertThat(sums.getLong(1)).isEqualTo(2997L);
    assertThat(s3.objectKeys("tables/numbers/")).as("objects stored by the S3 server")
        .filteredOn(k -> k.endsWith(".parquet")).hasSize(3);
  }

  @Test
  void s3RefusesAWrongSecret() {
    Configuration wrong = s3.configure(new Configuration());
    wrong.set("fs.s3a.secret.key", "not-the-secret");
    wrong.setBoolean("fs.s3a.impl.disable.cache", true);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(s3.uri("/probe.txt"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
      try (FileSystem fs = path.getFileSystem(wrong); OutputStream out = fs.create(path)) {
        out.write("x".getBytes(StandardCharsets.UTF_8));
      }
    }).hasStackTraceContaining("403");
  }
}
