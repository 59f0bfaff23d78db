package posespark.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.samples.SamplePhotos;

/**
 * The application assembly is all a stock Spark needs: Spark's own SparkSubmit, with nothing but
 * Spark's jars and the assembly on the classpath (no class folder or jar of this repository),
 * runs the annotate job with the real models on a photo and writes the tables.
 */
@Tag("cluster")
class AssemblySubmitTest {

  @TempDir
  Path tmp;

  @Test
  void sparkSubmitRunsTheAnnotateJobFromTheAssemblyAlone() throws Exception {
    Path assembly = BuiltJars.assembly();
    try (JarFile jar = new JarFile(assembly.toFile())) {
      assertThat(jar.getEntry("posespark/job/annotate/AnnotateMain.class")).as("job classes").isNotNull();
      assertThat(jar.getEntry("posespark/models/pose/PosePipeline.class")).as("models classes").isNotNull();
      assertThat(jar.getEntry("posespark.conf")).as("packaged defaults").isNotNull();
      assertThat(jar.getEntry("posespark/shaded/protobuf/Message.class")).as("relocated protobuf").isNotNull();
      assertThat(jar.stream().anyMatch(e -> e.getName().endsWith("libtensorflow_cc.so.2")))
          .as("TensorFlow's native library inside").isTrue();
      assertThat(jar.getEntry("org/apache/spark/SparkContext.class")).as("Spark left out").isNull();
    }
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(SamplePhotos.get(SamplePhotos.ASTRONAUT), photos.resolve("astronaut.png"));
    Path out = tmp.resolve("out");

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(List.of(StandaloneCluster.JAVA17_OPENS.split(" ")));
    cmd.addAll(List.of("-cp", BuiltJars.sparkJars() + "/*", "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--class", "posespark.job.annotate.AnnotateMain",
        "--conf", "spark.ui.enabled=false", assembly.toString(),
        "--input", photos.toString(), "--output", out.toString(), "--dataset", "assembly"));
    ProcessRun run = ProcessRun.run(cmd, Map.of("SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_SCALA_VERSION", "2.12"), tmp.resolve("submit.log"), 300);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("annotate: 1 images (1 ok, 0 errors)");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), max(pose_score), min(length(keypoints)) "
            + "FROM read_parquet('" + out.resolve("poses") + "/**/*.parquet', hive_partitioning = true)")) {
      rs.next();
      assertThat(rs.getLong(1)).as("persons on the astronaut photo").isGreaterThanOrEqualTo(1);
      assertThat(rs.getDouble(2)).as("best pose score").isGreaterThan(0.2);
      assertThat(rs.getInt(3)).as("keypoints per pose").isEqualTo(17);
    }
  }
}
