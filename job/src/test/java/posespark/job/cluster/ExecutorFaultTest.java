package posespark.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.annotate.AnnotateTestRuns;
import posespark.job.spark.LocalSpark;
import posespark.models.samples.SamplePhotos;

/**
 * Faults on a real two-worker standalone cluster running the annotate job with the real models:
 * an executor JVM killed with SIGKILL mid-run, and a worker lost for good mid-run. The job
 * completes either way; after the executor kill its poses equal a clean local[2] run's.
 */
@Tag("cluster")
class ExecutorFaultTest {

  /** Documented executor memory (docs/cluster.md): 1g heap + 2g spark.executor.memoryOverhead. */
  static final long DOCUMENTED_EXECUTOR_BYTES = 3L << 30;

  @TempDir
  Path tmp;

  private Path photos(int copies) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    for (SamplePhotos.Sample s : List.of(SamplePhotos.MESSI, SamplePhotos.BASKETBALL1,
        SamplePhotos.ASTRONAUT)) {
      for (int i = 0; i < copies; i++) {
        Files.copy(SamplePhotos.get(s), dir.resolve(i + "-" + s.fileName()));
      }
    }
    return dir;
  }

  /** Failed tasks seen by the driver (reason text), to prove a fault hit running work. */
  private static List<String> failedTasks(SparkSession spark) {
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) {
          failed.add(e.reason().toString());
        }
      }
    });
    return failed;
  }

  /** Waits until an executor of worker {@code index} has started building its pipeline. */
  private static void awaitPipelineOn(StandaloneCluster cluster, int index) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      for (Path log : cluster.executorLogs()) {
        try {
          if (log.toString().contains("/work-" + index + "/")
              && Files.readString(log).contains("building pose pipeline")) {
            return;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      sleep(200);
    }
    throw new IllegalStateException("no executor of worker " + index + " started annotating");
  }

  /** Resident memory of a process in bytes, from /proc. */
  static long rssBytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** file name + person index → the pose's numbers (bbox, scores, keypoints). */
  private static Map<String, double[]> poses(SparkSession spark, Path output) {
    Map<String, double[]> out = new TreeMap<>();
    for (Row r : spark.read().parquet(output.resolve("poses").toString()).collectAsList()) {
      String uri = r.getAs("uri");
      Row box = r.getAs("bbox");
      List<Row> kps = r.getList(r.fieldIndex("keypoints"));
      double[] v = new double[6 + 3 * kps.size()];
      for (int i = 0; i < 4; i++) {
        v[i] = box.getDouble(i);
      }
      v[4] = r.getAs("box_score");
      v[5] = r.getAs("pose_score");
      for (int k = 0; k < kps.size(); k++) {
        for (int c = 0; c < 3; c++) {
          v[6 + 3 * k + c] = kps.get(k).getDouble(c);
        }
      }
      out.put(uri.substring(uri.lastIndexOf('/') + 1) + "#" + r.getAs("person_index"), v);
    }
    return out;
  }

  @Test
  void executorKilledMidRunLeavesThePosesOfACleanLocalRun() throws Exception {
    Path in = photos(2);
    Path clusterOut = tmp.resolve("cluster-out");
    long[] rss;
    List<String> failed;
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 1, "4g", Map.of())) {
      SparkSession spark = cluster.sessionBuilder("executor-kill").getOrCreate();
      failed = failedTasks(spark);
      try {
        CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> {
          awaitPipelineOn(cluster, 0);
          sleep(3000); // models loading or first images in flight
          ProcessHandle executor = cluster.executors(0).get(0);
          executor.destroyForcibly(); // SIGKILL
          return executor.pid();
        });
        AnnotateTestRuns.run(spark, in, clusterOut, "--images-per-partition", "1", "--batch-size", "1");
        assertThat(killed.get(1, TimeUnit.MINUTES)).as("killed executor pid").isPositive();
        // Executors keep their models loaded after the run: their resident memory now.
        rss = new long[] {rssBytes(cluster.executors(0).get(0).pid()),
            rssBytes(cluster.executors(1).get(0).pid())};
      } finally {
        spark.stop();
      }
    }
    assertThat(failed).as("tasks lost with the killed executor").isNotEmpty()
        .anyMatch(reason -> reason.contains("ExecutorLost"));
    System.out.printf(java.util.Locale.ROOT, "executor RSS with the default ensemble + detector: %.0f / %.0f MiB%n",
        rss[0] / 1048576.0, rss[1] / 1048576.0);
    for (long r : rss) {
      assertThat(r).as("executor RSS (bytes) with models loaded").isLessThan(DOCUMENTED_EXECUTOR_BYTES)
          .isGreaterThan(300L << 20);
    }

    LocalSpark.stop();
    SparkSession local = LocalSpark.get();
    Path localOut = tmp.resolve("local-out");
    try {
      AnnotateTestRuns.run(local, in, localOut, "--images-per-partition", "1", "--batch-size", "1");
      Map<String, double[]> expected = poses(local, localOut);
      Map<String, double[]> actual = poses(local, clusterOut);
      assertThat(actual.keySet()).as("persons per image").isEqualTo(expected.keySet());
      assertThat(expected).as("poses").hasSizeGreaterThanOrEqualTo(6);
      for (var e : expected.entrySet()) {
        double[] a = actual.get(e.getKey());
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as("%s value %d", e.getKey(), i)
              .isCloseTo(e.getValue()[i], org.assertj.core.api.Assertions.within(1e-6));
        }
      }
    } finally {
      LocalSpark.stop();
    }
  }

  @Test
  void workerLostForGoodMidRunFinishesOnTheOtherWorker() throws Exception {
    Path in = photos(2);
    Path out = tmp.resolve("out");
    List<String> failed;
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 1, "4g", Map.of())) {
      SparkSession spark = cluster.sessionBuilder("worker-loss").getOrCreate();
      failed = failedTasks(spark);
      try {
        CompletableFuture<Void> lost = CompletableFuture.runAsync(() -> {
          awaitPipelineOn(cluster, 1);
          sleep(2000);
          cluster.killWorker(1);
        });
        AnnotateTestRuns.run(spark, in, out, "--images-per-partition", "1", "--batch-size", "1",
            "--ensemble", "movenet-lightning", "--no-flip");
        lost.get(1, TimeUnit.MINUTES);
        List<Row> images = spark.read().parquet(out.resolve("images").toString())
            .selectExpr("status").collectAsList();
        assertThat(images).as("every image once").hasSize(6)
            .allMatch(r -> r.getString(0).equals("ok"));
        assertThat(cluster.executors(1)).as("nothing runs on the lost worker").isEmpty();
        assertThat(cluster.log("master")).as("master saw the worker go").contains("Removing worker");
      } finally {
        spark.stop();
      }
    }
    assertThat(failed).as("tasks lost with the worker").isNotEmpty();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
