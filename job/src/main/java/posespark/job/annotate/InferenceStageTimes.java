package posespark.job.annotate;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import scala.collection.JavaConverters;

/**
 * Records the inference stage's tasks as they end, on the driver. A task belongs to the inference
 * stage when it reports the annotate job's image counter (only {@link PartitionAnnotator} adds to
 * it), so the listing, shuffle and table-writing stages around it stay out. Spark reports a
 * counter only for successful tasks that changed it, so failed attempts and empty partitions are
 * not among the tasks.
 */
final class InferenceStageTimes extends SparkListener {

  private final long imagesAccumulatorId;
  private final List<StageTimes.Task> tasks = new ArrayList<>();

  InferenceStageTimes(AnnotateCounters counters) {
    imagesAccumulatorId = counters.images.id();
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    TaskInfo info = end.taskInfo();
    if (info == null || !reportsImages(info)) {
      return;
    }
    tasks.add(new StageTimes.Task(info.executorId(), info.launchTime(), info.finishTime()));
  }

  /** The tasks seen so far. */
  synchronized StageTimes times() {
    return new StageTimes(List.copyOf(tasks));
  }

  private boolean reportsImages(TaskInfo info) {
    for (AccumulableInfo acc : JavaConverters.seqAsJavaList(info.accumulables())) {
      if (acc.id() == imagesAccumulatorId) {
        return true;
      }
    }
    return false;
  }
}
