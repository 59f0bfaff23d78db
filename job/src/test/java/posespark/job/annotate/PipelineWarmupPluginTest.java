package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.cluster.StandaloneCluster;
import posespark.job.source.ImageSources;
import posespark.models.image.ImageFiles;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PosePipeline;

/**
 * The warm-up plugin builds each executor's pipeline when the executor starts: on a standalone
 * cluster of two single-core workers, both executors log a built pipeline before the driver has
 * run a single job, and every inference task then uses that pipeline (built on the warm-up thread,
 * before the first inference task on its executor was launched).
 */
class PipelineWarmupPluginTest {

  /**
   * TEST PIPELINE: the image-size test pipeline, built slowly (as models load), reporting in each
   * image's timings when and on which thread and executor its pipeline was built.
   */
  public static final class BuildClockFactory implements PipelineFactory {
    @Override
    public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
      try {
        Thread.sleep(500); // a model load takes time; the warm-up hides it from the tasks
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      double builtAt = System.currentTimeMillis();
      double onWarmup = Thread.currentThread().getName().equals(PipelineWarmupPlugin.THREAD) ? 1 : 0;
      double executor = Double.parseDouble(SparkEnv.get().executorId());
      ImageSizeTestPipeline inner = new ImageSizeTestPipeline();
      return batch -> {
        List<ImagePoses> out = new ArrayList<>();
        for (ImagePoses p : inner.annotate(batch)) {
          Map<String, Double> timings = new HashMap<>(p.timingsMs());
          timings.put("built_at_ms", builtAt);
          timings.put("built_on_warmup", onWarmup);
          timings.put("executor", executor);
          out.add(new ImagePoses(p.imageId(), p.persons(), timings, p.error()));
        }
        return out;
      };
    }
  }

  @TempDir
  Path tmp;

  @Test
  void executorsBuildThePipelineAtStartBeforeAnyTask() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("photos"));
    for (int i = 0; i < 8; i++) {
      Files.write(in.resolve("p" + i + ".png"), ImageFiles.png(ImageFiles.picture(32 + i, 24)));
    }
    Path conf = AnnotateRuns.testConf(tmp, "posespark.pipeline.factory = \""
        + BuildClockFactory.class.getName() + "\"", "posespark.annotate.batch-size = 1",
        "posespark.annotate.images-per-partition = 1");
    AnnotateSettings settings = AnnotateRuns.settings(conf, "--input", in.toString(), "--output",
        tmp.resolve("out").toString());
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 1)) {
      SparkConf sparkConf = new SparkConf(false).setMaster(cluster.masterUrl());
      PipelineWarmupPlugin.enable(sparkConf, settings.task());
      assertThat(sparkConf.get("spark.plugins")).isEqualTo(PipelineWarmupPlugin.class.getName());
      SparkSession spark = cluster.sessionBuilder("pipeline-warmup").config(sparkConf)
          .config("spark.executor.memory", "512m").config("spark.executor.cores", "1")
          .getOrCreate();
      try {
        List<String> warmed = awaitWarmedExecutors(cluster, 2);
        assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(null))
            .as("jobs the driver ran before the executors had their pipelines").isEmpty();
        assertThat(warmed).as("warm-up log lines").hasSize(2)
            .allMatch(l -> l.contains(settings.task().pipeline().describe()));

        Dataset<Row> inputs = new AnnotateJob(spark, settings)
            .withBoxes(ImageSources.open(spark, settings.input(), settings.imageRoot()));
        AnnotationPass.Result pass = new AnnotationPass(spark, settings)
            .run(inputs, 8, tmp.resolve("scratch").toString(), "r-warmup-test");
        List<Row> rows = pass.stored().selectExpr("status", "timings['executor']",
            "timings['built_at_ms']", "timings['built_on_warmup']").collectAsList();

        assertThat(rows).as("annotated images").hasSize(8)
            .allMatch(r -> r.getString(0).equals("ok"));
        assertThat(rows).as("pipelines built by the warm-up thread, not by a task")
            .allMatch(r -> r.getDouble(3) == 1.0);
        Map<String, Set<Double>> builtAt = rows.stream().collect(Collectors.groupingBy(
            r -> Long.toString((long) r.getDouble(1)),
            Collectors.mapping(r -> r.getDouble(2), Collectors.toCollection(TreeSet::new))));
        assertThat(builtAt).as("executors that ran inference").hasSize(2);
        StageTimes stage = pass.inference();
        assertThat(stage.tasks()).as("inference tasks timed").hasSize(8);
        assertThat(stage.busySeconds()).as("busy time per executor").containsOnlyKeys(builtAt.keySet());
        builtAt.forEach((executor, times) -> {
          assertThat(times).as("pipelines built on executor %s", executor).hasSize(1);
          assertThat(times.iterator().next().longValue())
              .as("pipeline of executor %s built before its first inference task", executor)
              .isLessThan(stage.firstLaunchMs(executor));
        });
        assertThat(stage.wallSeconds()).as("stage wall time").isPositive()
            .isLessThanOrEqualTo(stage.taskSeconds());
      } finally {
        spark.stop();
      }
    }
  }

  @Test
  void enableKeepsOtherPluginsAndLeavesLocalMastersAlone() throws Exception {
    TaskSettings task = AnnotateRuns.settings(AnnotateRuns.testConf(tmp), "--input",
        tmp.toString(), "--output", tmp.resolve("out").toString()).task();
    SparkConf cluster = new SparkConf(false).setMaster("spark://127.0.0.1:7077")
        .set("spark.plugins", "com.example.OtherPlugin");
    PipelineWarmupPlugin.enable(cluster, task);
    PipelineWarmupPlugin.enable(cluster, task); // twice: listed once
    assertThat(cluster.get("spark.plugins"))
        .isEqualTo("com.example.OtherPlugin," + PipelineWarmupPlugin.class.getName());
    assertThat(PipelineWarmupPlugin.decode(cluster.get(PipelineWarmupPlugin.SETTINGS)))
        .as("settings the executors decode").isEqualTo(task);

    SparkConf local = new SparkConf(false).setMaster("local[2]");
    PipelineWarmupPlugin.enable(local, task);
    SparkConf off = new SparkConf(false).setMaster("spark://127.0.0.1:7077")
        .set(PipelineWarmupPlugin.ENABLED, "false");
    PipelineWarmupPlugin.enable(off, task);
    assertThat(local.contains("spark.plugins") || off.contains("spark.plugins"))
        .as("plugin on a local master or when turned off").isFalse();
  }

  /** The executors' warm-up log lines, once {@code executors} of them have one (60 s at most). */
  private static List<String> awaitWarmedExecutors(StandaloneCluster cluster, int executors)
      throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    List<String> lines = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      lines.clear();
      for (Path log : cluster.executorLogs()) {
        Files.readAllLines(log).stream().filter(l -> l.contains("warmed up")).forEach(lines::add);
      }
      if (lines.size() >= executors) {
        return lines;
      }
      Thread.sleep(200);
    }
    return lines;
  }
}
