package posespark.job.annotate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Option;
import scala.Tuple4;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The annotate job's image, person and error counts as the driver can know them while partitions
 * run. Accumulators reach their driver-side value only when a task ends; executor heartbeats
 * ({@code spark.executor.heartbeatInterval}) carry the running tasks' own values, so this
 * listener keeps each running task's latest heartbeat value and adds the final values of tasks
 * that succeeded. A failed task's counts drop out (Spark does not merge them either). Progress
 * lines use it; exact totals come from the data and the accumulators.
 */
final class LiveCounters extends SparkListener {

  private static final int IMAGES = 0;
  private static final int PERSONS = 1;
  private static final int ERRORS = 2;

  private final long[] accumulatorIds;
  private final Map<Long, long[]> running = new HashMap<>();
  private final Set<Long> ended = new HashSet<>();
  private final long[] completed = new long[3];

  LiveCounters(AnnotateCounters counters) {
    accumulatorIds = new long[] {counters.images.id(), counters.persons.id(), counters.errors.id()};
  }

  @Override
  public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task
        : JavaConverters.seqAsJavaList(update.accumUpdates())) {
      long taskId = ((Number) task._1()).longValue();
      if (ended.contains(taskId)) {
        continue; // a heartbeat taken before the task ended, delivered after its end
      }
      long[] values = running.get(taskId);
      for (AccumulableInfo info : JavaConverters.seqAsJavaList(task._4())) {
        int counter = counterOf(info.id());
        Long value = counter < 0 ? null : asLong(info.update());
        if (value != null) {
          if (values == null) {
            values = new long[3];
            running.put(taskId, values);
          }
          values[counter] = value; // a task's heartbeat value is its running total: last wins
        }
      }
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    long taskId = end.taskInfo().taskId();
    ended.add(taskId);
    running.remove(taskId);
    if (!end.taskInfo().successful()) {
      return;
    }
    for (AccumulableInfo info : JavaConverters.seqAsJavaList(end.taskInfo().accumulables())) {
      int counter = counterOf(info.id());
      Long value = counter < 0 ? null : asLong(info.update());
      if (value != null) {
        completed[counter] += value;
      }
    }
  }

  synchronized long images() {
    return total(IMAGES);
  }

  synchronized long persons() {
    return total(PERSONS);
  }

  synchronized long errors() {
    return total(ERRORS);
  }

  /** Images counted by tasks still running, as their last heartbeats told. */
  synchronized long runningImages() {
    return running.values().stream().mapToLong(v -> v[IMAGES]).sum();
  }

  private long total(int counter) {
    long sum = completed[counter];
    for (long[] values : running.values()) {
      sum += values[counter];
    }
    return sum;
  }

  private int counterOf(long accumulatorId) {
    for (int i = 0; i < accumulatorIds.length; i++) {
      if (accumulatorIds[i] == accumulatorId) {
        return i;
      }
    }
    return -1;
  }

  private static Long asLong(Option<Object> value) {
    return value.isDefined() && value.get() instanceof Number n ? n.longValue() : null;
  }
}
