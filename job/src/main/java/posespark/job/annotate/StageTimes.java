package posespark.job.annotate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the inference stage's time went: its wall time from the first task's launch to the last
 * task's end, the task time summed, each executor's busy time, and the tail (how long the stage
 * ran on after the first executor had finished its last task: straggler partitions show here).
 * Times are epoch milliseconds from the driver's scheduler.
 *
 * @param tasks the stage's successful tasks
 */
public record StageTimes(List<Task> tasks) {

  /**
   * One task as the scheduler saw it.
   *
   * @param executorId the executor that ran it
   * @param launchMs   when it was launched
   * @param finishMs   when it ended
   */
  public record Task(String executorId, long launchMs, long finishMs) {
    double seconds() {
      return (finishMs - launchMs) / 1000.0;
    }
  }

  /** Epoch ms of the first task's launch (0 without tasks). */
  public long firstLaunchMs() {
    return tasks.stream().mapToLong(Task::launchMs).min().orElse(0);
  }

  /** Epoch ms of the first task's launch on {@code executorId} (0 when none ran there). */
  public long firstLaunchMs(String executorId) {
    return tasks.stream().filter(t -> t.executorId().equals(executorId)).mapToLong(Task::launchMs)
        .min().orElse(0);
  }

  /** Seconds from the first task's launch to the last task's end. */
  public double wallSeconds() {
    long last = tasks.stream().mapToLong(Task::finishMs).max().orElse(0);
    return (last - firstLaunchMs()) / 1000.0;
  }

  /** Task seconds summed over all tasks. */
  public double taskSeconds() {
    return tasks.stream().mapToDouble(Task::seconds).sum();
  }

  /** Task seconds per executor, by executor id. */
  public Map<String, Double> busySeconds() {
    Map<String, Double> busy = new TreeMap<>();
    tasks.forEach(t -> busy.merge(t.executorId(), t.seconds(), Double::sum));
    return busy;
  }

  /** Seconds the stage ran on after the first executor to run out of tasks finished its last. */
  public double tailSeconds() {
    Map<String, Long> lastEnd = new TreeMap<>();
    tasks.forEach(t -> lastEnd.merge(t.executorId(), t.finishMs(), Math::max));
    if (lastEnd.size() < 2) {
      return 0;
    }
    long earliest = lastEnd.values().stream().mapToLong(Long::longValue).min().orElse(0);
    long latest = lastEnd.values().stream().mapToLong(Long::longValue).max().orElse(0);
    return (latest - earliest) / 1000.0;
  }

  /**
   * The log line, with fixed keys for scripts, e.g. {@code inference stage: tasks=50 executors=2
   * wall_s=95.3 task_s=188.0 tail_s=2.1 busy_s=0:94.2,1:93.8}.
   */
  public String line() {
    StringBuilder busy = new StringBuilder();
    busySeconds().forEach((executor, s) -> busy.append(busy.length() == 0 ? "" : ",")
        .append(executor).append(':').append(String.format(Locale.ROOT, "%.1f", s)));
    return String.format(Locale.ROOT,
        "inference stage: tasks=%d executors=%d wall_s=%.1f task_s=%.1f tail_s=%.1f busy_s=%s",
        tasks.size(), busySeconds().size(), wallSeconds(), taskSeconds(), tailSeconds(), busy);
  }
}
