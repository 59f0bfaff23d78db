package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import posespark.job.spark.LocalSpark;

/**
 * On a real local Spark job whose partitions run for seconds, with a 500 ms executor heartbeat,
 * the listener knows counts of tasks that are still running, and its totals after the job equal
 * the accumulators'.
 */
class LiveCountersTest {

  private static final int PARTITIONS = 2;
  private static final int IMAGES_PER_PARTITION = 12;

  @AfterEach
  void stopSpark() {
    LocalSpark.stop();
  }

  @Test
  void runningTasksCountsArriveWithHeartbeatsAndFinalTotalsAreExact() throws Exception {
    LocalSpark.stop(); // the heartbeat interval is fixed when a context starts
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("live-counters-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.heartbeatInterval", "500ms")
        .getOrCreate();
    AnnotateCounters counters = new AnnotateCounters(spark.sparkContext());
    LiveCounters live = new LiveCounters(counters);
    spark.sparkContext().addSparkListener(live);
    AtomicLong mostSeenRunning = new AtomicLong();
    ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor();
    poll.scheduleAtFixedRate(() -> mostSeenRunning.accumulateAndGet(live.runningImages(), Math::max),
        0, 50, TimeUnit.MILLISECONDS);
    List<Integer> images = IntStream.range(0, PARTITIONS * IMAGES_PER_PARTITION).boxed().toList();
    try {
      // Each "image" takes 250 ms: a partition runs 3 s, several heartbeats long.
      JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(images, PARTITIONS)
          .foreachPartition(it -> {
            while (it.hasNext()) {
              int i = it.next();
              Thread.sleep(250);
              counters.images.add(1);
              counters.persons.add(i % 3);
              if (i % 5 == 0) {
                counters.errors.add(1);
              }
            }
          });
    } finally {
      poll.shutdownNow();
    }
    spark.sparkContext().listenerBus().waitUntilEmpty(10_000);

    assertThat(mostSeenRunning.get()).as("images of running tasks, from heartbeats")
        .isBetween(1L, (long) images.size());
    assertThat(live.runningImages()).as("no task is running any more").isZero();
    assertThat(live.images()).isEqualTo(counters.images()).isEqualTo(images.size());
    assertThat(live.persons()).isEqualTo(counters.persons())
        .isEqualTo(images.stream().mapToLong(i -> i % 3).sum());
    assertThat(live.errors()).isEqualTo(counters.errors())
        .isEqualTo(images.stream().filter(i -> i % 5 == 0).count());
  }
}
