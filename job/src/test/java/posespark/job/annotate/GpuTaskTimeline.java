package posespark.job.annotate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Row;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PosePipeline;

/**
 * TEST PIPELINE for GPU scheduling on a cluster: the image-size test pipeline, holding each batch
 * for {@link #HOLD_MS} like a model call, and reporting as timings the GPU address its executor's
 * pipeline was built with, the executor id and the batch's start and end (epoch ms), so the
 * driver can read who ran what, on which GPU, how many at once.
 */
public final class GpuTaskTimeline implements PipelineFactory {

  static final long HOLD_MS = 1500;

  @Override
  public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
    ImageSizeTestPipeline inner = new ImageSizeTestPipeline();
    double gpu = context.gpuAddress() == null ? -1 : Double.parseDouble(context.gpuAddress());
    double executor = Double.parseDouble(SparkEnv.get().executorId());
    return batch -> {
      double start = System.currentTimeMillis();
      try {
        Thread.sleep(HOLD_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      double end = System.currentTimeMillis();
      List<ImagePoses> out = new ArrayList<>();
      for (ImagePoses p : inner.annotate(batch)) {
        Map<String, Double> timings = new HashMap<>(p.timingsMs());
        timings.put("gpu_address", gpu);
        timings.put("executor_id", executor);
        timings.put("start_ms", start);
        timings.put("end_ms", end);
        out.add(new ImagePoses(p.imageId(), p.persons(), timings, p.error()));
      }
      return out;
    };
  }

  /** One image's batch as read back from the images table. */
  record Slot(int executor, int gpu, double startMs, double endMs) {
    static Slot of(Row r) {
      return new Slot((int) r.getDouble(0), (int) r.getDouble(1), r.getDouble(2), r.getDouble(3));
    }
  }

  /** The columns {@link Slot#of} reads, in order. */
  static final String[] COLUMNS = {"timings['executor_id']", "timings['gpu_address']",
      "timings['start_ms']", "timings['end_ms']"};

  /** The most batches that ran at the same time on one executor. */
  static int maxConcurrent(List<Slot> slots) {
    int max = 0;
    for (Slot s : slots) {
      int running = 0;
      for (Slot o : slots) {
        if (o.startMs() <= s.startMs() && s.startMs() < o.endMs()) {
          running++;
        }
      }
      max = Math.max(max, running);
    }
    return max;
  }
}
