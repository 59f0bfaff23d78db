package posespark.job.annotate;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a progress line (images done of total, images/s, persons, errors, ETA) at a fixed interval
 * on the driver, from {@link LiveCounters} (running tasks' heartbeats plus finished tasks), so the
 * line moves while partitions run; {@link #finalLine()} uses the merged accumulators.
 */
final class ProgressReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("posespark.annotate");

  private final AnnotateCounters counters;
  private final LiveCounters live;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;

  ProgressReporter(AnnotateCounters counters, LiveCounters live, long total, Duration interval) {
    this.counters = counters;
    this.live = live;
    this.total = total;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "posespark-progress");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(100, interval.toMillis());
    timer.scheduleAtFixedRate(() -> LOG.info(line()), ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The line as the running tasks' heartbeats and the finished tasks tell. */
  String line() {
    return line(live.images(), live.persons(), live.errors());
  }

  /** The line from the accumulators, exact once the stage has ended. */
  String finalLine() {
    return line(counters.images(), counters.persons(), counters.errors());
  }

  private String line(long done, long persons, long errors) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 && done < total ? formatDuration((total - done) / rate) : "-";
    return String.format(Locale.ROOT,
        "%d/%d images (%.1f%%), %.1f images/s, %d persons, %d errors, ETA %s",
        done, total, total == 0 ? 100.0 : 100.0 * done / total, rate, persons, errors, eta);
  }

  static String formatDuration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : s + "s";
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
