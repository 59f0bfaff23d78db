package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import posespark.job.spark.LocalSpark;

/**
 * On a real local[2] Spark context, the listener times exactly the tasks that count images (the
 * inference stage's), not those of other stages, and its figures add up: six 300 ms tasks on two
 * cores take about 0.9 s of stage wall time and at least 1.8 task-seconds.
 */
class InferenceStageTimesTest {

  @AfterEach
  void stopSpark() {
    LocalSpark.stop();
  }

  @Test
  void timesOnlyTheTasksThatCountImages() throws Exception {
    LocalSpark.stop();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("stage-times-test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    AnnotateCounters counters = new AnnotateCounters(spark.sparkContext());
    InferenceStageTimes stage = new InferenceStageTimes(counters);
    spark.sparkContext().addSparkListener(stage);
    List<Integer> images = IntStream.range(0, 12).boxed().toList();
    long before = System.currentTimeMillis();
    sc.parallelize(images, 4).map(i -> i * 2).count(); // another stage: not timed
    sc.parallelize(images, 6).foreachPartition(it -> {
      Thread.sleep(300);
      it.forEachRemaining(i -> counters.images.add(1));
    });
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
    StageTimes times = stage.times();

    assertThat(times.tasks()).as("inference tasks").hasSize(6);
    assertThat(times.busySeconds()).as("executors").containsOnlyKeys("driver");
    assertThat(times.firstLaunchMs()).isGreaterThanOrEqualTo(before);
    assertThat(times.firstLaunchMs("driver")).isEqualTo(times.firstLaunchMs());
    assertThat(times.firstLaunchMs("no-such-executor")).isZero();
    assertThat(times.taskSeconds()).as("task seconds").isGreaterThanOrEqualTo(1.8);
    assertThat(times.wallSeconds()).as("stage wall, two tasks at a time")
        .isGreaterThanOrEqualTo(0.9).isLessThan(times.taskSeconds());
    assertThat(times.tailSeconds()).as("tail with one executor").isZero();
    assertThat(times.line()).startsWith("inference stage: tasks=6 executors=1 wall_s=")
        .contains(" busy_s=driver:");
  }

  @Test
  void tailIsTheTimeTheLastExecutorRanAlone() {
    StageTimes times = new StageTimes(List.of(new StageTimes.Task("0", 1_000, 5_000),
        new StageTimes.Task("1", 1_000, 4_000), new StageTimes.Task("1", 4_000, 7_500)));

    assertThat(times.wallSeconds()).isEqualTo(6.5);
    assertThat(times.taskSeconds()).isEqualTo(10.5);
    assertThat(times.tailSeconds()).as("executor 1 ran on alone from 5.0 s to 7.5 s").isEqualTo(2.5);
    assertThat(times.busySeconds()).containsEntry("0", 4.0).containsEntry("1", 6.5);
    assertThat(times.line()).isEqualTo("inference stage: tasks=3 executors=2 wall_s=6.5 task_s=10.5"
        + " tail_s=2.5 busy_s=0:4.0,1:6.5");
  }
}
