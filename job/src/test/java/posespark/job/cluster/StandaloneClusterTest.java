package posespark.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class StandaloneClusterTest {

  @Test
  void tasksRunInExecutorJvmsSeparateFromTheDriver() {
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 1)) {
      SparkSession spark = cluster.sessionBuilder("standalone-fixture-test").getOrCreate();
      try {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Long> pids = sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
            .map(i -> ProcessHandle.current().pid())
            .distinct()
            .collect();
        long driverPid = ProcessHandle.current().pid();
        assertThat(pids).as("executor pids (driver %s, jvm %s)", driverPid,
                ManagementFactory.getRuntimeMXBean().getName())
            .isNotEmpty()
            .doesNotContain(driverPid);
        assertThat(sc.parallelize(List.of(1, 2, 3, 4), 4).reduce(Integer::sum)).isEqualTo(10);
      } finally {
        spark.stop();
      }
    }
  }
}
