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
}
