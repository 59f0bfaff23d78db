package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.cluster.StandaloneCluster;
import posespark.models.image.ImageFiles;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PosePipeline;
import posespark.models.runtime.HostOptions;

/**
 * Spark's GPU scheduling reaches the pipeline: on a standalone cluster whose worker offers one
 * "GPU" (a fake discovery script naming address 3), with conf/spark-gpu.conf's amounts, every
 * executor pipeline is built with GPU address 3, and the TensorFlow session options it hands to
 * its models ({@link ExecutorContext#hostOptions()}) name CUDA device 3 and the executor's cores.
 */
class GpuSchedulingTest {

  /**
   * TEST PIPELINE: the image-size test pipeline, plus the GPU address its factory was given and
   * the session options built from it, reported as timings ("gpu_address", "tf_gpu_device",
   * "tf_intra_threads", "tf_inter_threads", "executor_threads") so the driver can read them back
   * from the images table.
   */
  public static final class GpuEchoFactory implements PipelineFactory {
    @Override
    public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
      ImageSizeTestPipeline inner = new ImageSizeTestPipeline();
      double gpu = context.gpuAddress() == null ? -1 : Double.parseDouble(context.gpuAddress());
      HostOptions session = context.hostOptions();
      return batch -> {
        List<ImagePoses> out = new ArrayList<>();
        for (ImagePoses p : inner.annotate(batch)) {
          Map<String, Double> timings = new HashMap<>(p.timingsMs());
          timings.put("gpu_address", gpu);
          timings.put("tf_gpu_device", (double) session.gpuDevice());
          timings.put("tf_intra_threads", (double) session.intraOpThreads());
          timings.put("tf_inter_threads", (double) session.interOpThreads());
          timings.put("executor_threads", (double) context.threads());
          out.add(new ImagePoses(p.imageId(), p.persons(), timings, p.error()));
        }
        return out;
      };
    }
  }

  @TempDir
  Path tmp;

  @Test
  void executorPipelinesGetTheTasksGpuAddress() throws Exception {
    Path discovery = tmp.resolve("fake-gpu-discovery.sh");
    Files.writeString(discovery, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"3\"]}'\n");
    Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path in = Files.createDirectories(tmp.resolve("photos"));
    for (int i = 0; i < 6; i++) {
      Files.write(in.resolve("p" + i + ".png"), ImageFiles.png(ImageFiles.picture(32 + i, 24)));
    }
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop(); // a local session of another test would be reused by getOrCreate
      return null;
    });
    Path conf = AnnotateRuns.testConf(tmp, "posespark.pipeline.factory = \""
        + GpuEchoFactory.class.getName() + "\"");
    try (StandaloneCluster cluster = StandaloneCluster.start(1, 2,
        Map.of("gpu", new String[] {"1", discovery.toString()}))) {
      SparkSession spark = cluster.sessionBuilder("gpu-scheduling-test")
          .config("spark.executor.resource.gpu.amount", "1")
          .config("spark.task.resource.gpu.amount", "0.5")
          .config("spark.executor.resource.gpu.discoveryScript", discovery.toString())
          .getOrCreate();
      try {
        Path output = tmp.resolve("out");
        new AnnotateJob(spark, AnnotateRuns.settings(conf, "--input", in.toString(), "--output",
            output.toString())).run();
        List<Row> images = spark.read().parquet(output.resolve("images").toString())
            .selectExpr("timings['gpu_address']", "status", "timings['tf_gpu_device']",
                "timings['tf_intra_threads']", "timings['tf_inter_threads']",
                "timings['executor_threads']").collectAsList();
        assertThat(images).hasSize(6);
        for (Row r : images) {
          assertThat(r.getString(1)).isEqualTo("ok");
          assertThat(r.getDouble(0)).as("GPU address seen by the executor's pipeline").isEqualTo(3.0);
          assertThat(r.getDouble(2)).as("CUDA device of the model sessions").isEqualTo(3.0);
          assertThat(r.getDouble(5)).as("executor threads").isGreaterThan(0);
          assertThat(r.getDouble(3)).as("intra-op threads").isEqualTo(r.getDouble(5));
          assertThat(r.getDouble(4)).as("inter-op threads").isEqualTo(r.getDouble(5));
        }
      } finally {
        spark.stop();
      }
    }
  }
  private Path fakeDiscovery(String... addresses) throws Exception {
    Path discovery = tmp.resolve("fake-gpus.sh");
    String list = String.join(", ", java.util.Arrays.stream(addresses).map(a -> '"' + a + '"')
        .toList());
    Files.writeString(discovery, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": ["
        + list + "]}'\n");
    Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
    return discovery;
  }

  private Path photos(int n) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("photos"));
    for (int i = 0; i < n; i++) {
      Files.write(in.resolve("p" + i + ".png"), ImageFiles.png(ImageFiles.picture(32 + i, 24)));
    }
    return in;
  }

  private Path timelineConf() {
    return AnnotateRuns.testConf(tmp, "posespark.pipeline.factory = \""
        + GpuTaskTimeline.class.getName() + "\"", "posespark.annotate.batch-size = 1",
        "posespark.annotate.images-per-partition = 1");
  }

  /**
   * Two workers each offering two (fake) GPUs, one GPU per executor and half a GPU per task:
   * four executors, each on one GPU address, each running two tasks at a time on it although
   * its four cores would allow four; every executor logs the GPU its sessions are pinned to.
   */
  @Test
  void halfAGpuPerTaskRunsTwoTasksPerGpuOnEveryExecutor() throws Exception {
    Path discovery = fakeDiscovery("0", "1");
    Path in = photos(16);
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 8, "2g",
        Map.of("gpu", new String[] {"2", discovery.toString()}))) {
      SparkSession spark = cluster.sessionBuilder("gpu-two-tasks-per-gpu")
          .config("spark.executor.memory", "512m")
          .config("spark.executor.cores", "4")
          .config("spark.executor.resource.gpu.amount", "1")
          .config("spark.task.resource.gpu.amount", "0.5")
          .config("spark.executor.resource.gpu.discoveryScript", discovery.toString())
          .getOrCreate();
      List<GpuTaskTimeline.Slot> slots;
      try {
        Path output = tmp.resolve("out");
        new AnnotateJob(spark, AnnotateRuns.settings(timelineConf(), "--input", in.toString(),
            "--output", output.toString())).run();
        slots = spark.read().parquet(output.resolve("images").toString())
            .where("status = 'ok'").selectExpr(GpuTaskTimeline.COLUMNS).collectAsList().stream()
            .map(GpuTaskTimeline.Slot::of).toList();
      } finally {
        spark.stop();
      }
      assertThat(slots).as("images annotated").hasSize(16);
      Map<Integer, List<GpuTaskTimeline.Slot>> byExecutor = slots.stream()
          .collect(java.util.stream.Collectors.groupingBy(GpuTaskTimeline.Slot::executor));
      List<Integer> gpuOfEachExecutor = new ArrayList<>();
      for (List<GpuTaskTimeline.Slot> own : byExecutor.values()) {
        assertThat(own.stream().map(GpuTaskTimeline.Slot::gpu).distinct().toList())
            .as("one GPU address per executor").hasSize(1);
        gpuOfEachExecutor.add(own.get(0).gpu());
        assertThat(GpuTaskTimeline.maxConcurrent(own)).as("tasks at once on one GPU")
            .isLessThanOrEqualTo(2);
      }
      assertThat(byExecutor).as("executors (2 workers x 2 GPUs)").hasSize(4);
      assertThat(gpuOfEachExecutor).as("each worker's two GPUs").containsExactlyInAnyOrder(0, 0, 1, 1);
      assertThat(byExecutor.values().stream().mapToInt(GpuTaskTimeline::maxConcurrent).max().orElse(0))
          .as("two tasks share a GPU").isEqualTo(2);
      List<String> pins = new ArrayList<>();
      for (Path log : cluster.executorLogs()) {
        Files.readAllLines(log).stream().filter(l -> l.contains("pins its TensorFlow sessions to GPU"))
            .forEach(pins::add);
      }
      assertThat(pins).as("pinning log lines").hasSize(4);
      assertThat(pins.stream().map(l -> l.substring(l.length() - 1)).toList())
          .containsExactlyInAnyOrder("0", "0", "1", "1");
    }
  }

  /**
   * With dynamic allocation, the inference stage alone gets executors with GPUs (its own
   * resource profile); the listing and planning stages run on plain executors without any.
   */
  @Test
  void onlyTheInferenceStageGetsGpuExecutorsUnderDynamicAllocation() throws Exception {
    Path discovery = fakeDiscovery("0", "1");
    Path in = photos(8);
    Map<String, Integer> executorProfile = new java.util.concurrent.ConcurrentHashMap<>();
    Map<String, Boolean> executorHasGpu = new java.util.concurrent.ConcurrentHashMap<>();
    Map<Integer, Integer> stageProfile = new java.util.concurrent.ConcurrentHashMap<>();
    List<String[]> tasks = java.util.Collections.synchronizedList(new ArrayList<>());
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 4, "2g",
        Map.of("gpu", new String[] {"2", discovery.toString()}))) {
      SparkSession spark = cluster.sessionBuilder("gpu-stage-level")
          .config("spark.executor.memory", "512m")
          .config("spark.executor.cores", "1")
          .config("spark.dynamicAllocation.enabled", "true")
          .config("spark.dynamicAllocation.shuffleTracking.enabled", "true")
          .config("spark.dynamicAllocation.maxExecutors", "4")
          .config(InferenceResources.EXECUTOR_GPUS, "1")
          .config(InferenceResources.TASK_GPUS, "0.5")
          .config(InferenceResources.EXECUTOR_CORES, "2")
          .config(InferenceResources.DISCOVERY, discovery.toString())
          .getOrCreate();
      spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
        @Override
        public void onExecutorAdded(org.apache.spark.scheduler.SparkListenerExecutorAdded e) {
          executorProfile.put(e.executorId(), e.executorInfo().resourceProfileId());
          executorHasGpu.put(e.executorId(), e.executorInfo().resourcesInfo().contains("gpu"));
        }

        @Override
        public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted e) {
          stageProfile.put(e.stageInfo().stageId(), e.stageInfo().resourceProfileId());
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
          tasks.add(new String[] {Integer.toString(e.stageId()), e.taskInfo().executorId()});
        }
      });
      List<Row> images;
      try {
        Path output = tmp.resolve("out");
        new AnnotateJob(spark, AnnotateRuns.settings(timelineConf(), "--input", in.toString(),
            "--output", output.toString())).run();
        images = spark.read().parquet(output.resolve("images").toString())
            .selectExpr("status", "timings['gpu_address']", "timings['executor_id']").collectAsList();
      } finally {
        spark.stop();
      }
      assertThat(images).hasSize(8);
      for (Row r : images) {
        String executor = Integer.toString((int) r.getDouble(2));
        assertThat(r.getString(0)).isEqualTo("ok");
        assertThat(r.getDouble(1)).as("GPU address of executor %s", executor).isIn(0.0, 1.0);
        assertThat(executorProfile.get(executor)).as("profile of inference executor %s", executor)
            .isNotNull().isNotEqualTo(0);
        assertThat(executorHasGpu.get(executor)).as("executor %s has a GPU", executor).isTrue();
      }
      long plainTasksOnPlainExecutors = 0;
      for (String[] t : tasks) {
        int profile = stageProfile.getOrDefault(Integer.parseInt(t[0]), 0);
        boolean gpuExecutor = executorHasGpu.getOrDefault(t[1], false);
        assertThat(gpuExecutor).as("task of stage %s (profile %d) on executor %s", t[0], profile, t[1])
            .isEqualTo(profile != 0);
        if (profile == 0) {
          plainTasksOnPlainExecutors++;
        }
      }
      assertThat(plainTasksOnPlainExecutors).as("listing/planning tasks on GPU-less executors")
          .isPositive();
    }
  }
}
