package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.batching.InferenceQueue;
import posespark.models.batching.InferenceQueues;
import posespark.models.samples.SamplePhotos;

/**
 * The annotate job in real Spark ({@code local[2]}: two tasks at once, one image per task; given
 * boxes from a small COCO JSON over the sample photos), with inference queues and prefetch on and
 * off: the same poses to 1e-6, and the queued run's model calls went through the executor's queue.
 */
class QueuedAnnotateJobTest {

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path photos;
  static Path coco;

  @BeforeAll
  static void photos() throws Exception {
    photos = Files.createDirectories(tmp.resolve("photos"));
    for (SamplePhotos.Sample s : List.of(SamplePhotos.MESSI, SamplePhotos.BASKETBALL1,
        SamplePhotos.BASKETBALL2, SamplePhotos.ASTRONAUT)) {
      Files.copy(SamplePhotos.get(s), photos.resolve(s.fileName()));
    }
    // Person boxes by eye; any boxes do, as both runs crop the same windows.
    coco = tmp.resolve("boxes.json");
    Files.writeString(coco, """
        {"images": [
          {"id": 1, "file_name": "messi5.jpg"}, {"id": 2, "file_name": "basketball1.png"},
          {"id": 3, "file_name": "basketball2.png"}, {"id": 4, "file_name": "astronaut.png"}],
         "annotations": [
          {"image_id": 1, "category_id": 1, "iscrowd": 0, "bbox": [180, 20, 200, 320]},
          {"image_id": 1, "category_id": 1, "iscrowd": 0, "bbox": [10, 40, 150, 300]},
          {"image_id": 2, "category_id": 1, "iscrowd": 0, "bbox": [100, 50, 250, 350]},
          {"image_id": 3, "category_id": 1, "iscrowd": 0, "bbox": [40, 30, 300, 400]},
          {"image_id": 3, "category_id": 1, "iscrowd": 0, "bbox": [250, 60, 260, 380]},
          {"image_id": 4, "category_id": 1, "iscrowd": 0, "bbox": [20, 10, 350, 500]}]}
        """);
    spark = LocalSpark.get();
  }

  @AfterAll
  static void stop() {
    LocalSpark.stop();
  }

  /** (uri, person_index) → pose_score then the 51 keypoint values. */
  private static Map<String, double[]> annotate(String name, String conf) throws Exception {
    Path file = tmp.resolve(name + ".conf");
    Files.writeString(file, conf);
    Path out = tmp.resolve(name);
    RunSummary summary = new AnnotateJob(spark, AnnotateRuns.settingsWithConf(file, "--input",
        coco.toString(), "--image-root", photos.toString(), "--boxes", "gt", "--output",
        out.toString(), "--preset", "fast", "--batch-size", "1",
        "--images-per-partition", "1")).run();
    assertThat(summary.errors()).as(name + " errors").isZero();
    Map<String, double[]> poses = new TreeMap<>();
    for (Row r : spark.read().parquet(out.resolve("poses").toString()).collectAsList()) {
      List<Row> kps = r.getList(r.fieldIndex("keypoints"));
      double[] v = new double[1 + 3 * kps.size()];
      v[0] = r.getAs("pose_score");
      for (int k = 0; k < kps.size(); k++) {
        for (int c = 0; c < 3; c++) {
          v[1 + 3 * k + c] = kps.get(k).getDouble(c);
        }
      }
      poses.put(r.getAs("uri") + "#" + r.getAs("person_index"), v);
    }
    return poses;
  }

  @Test
  void queuedAndUnqueuedRunsWriteTheSamePoses() throws Exception {
    Map<String, double[]> off = annotate("off",
        "posespark.pipeline.batching.enabled = false\nposespark.annotate.prefetch-batches = 0\n");
    long before = lightningQueueInputs();
    Map<String, double[]> on = annotate("on", "posespark.pipeline.batching { enabled = true, max-wait = 50ms }\n");
    assertThat(on.keySet()).as("poses of the queued run").isEqualTo(off.keySet());
    assertThat(on).as("candidate poses").hasSizeGreaterThanOrEqualTo(4);
    for (String key : on.keySet()) {
      double[] a = on.get(key);
      double[] b = off.get(key);
      for (int i = 0; i < a.length; i++) {
        assertThat(Math.abs(a[i] - b[i])).as("%s value %d", key, i).isLessThanOrEqualTo(1e-6);
      }
    }
    assertThat(lightningQueueInputs() - before).as("crops the executor's lightning queue ran")
        .isGreaterThanOrEqualTo(on.size());
  }

  private static long lightningQueueInputs() {
    return InferenceQueues.open().stream().filter(q -> q.name().equals("movenet-lightning"))
        .mapToLong(InferenceQueue::inputs).sum();
  }
}
