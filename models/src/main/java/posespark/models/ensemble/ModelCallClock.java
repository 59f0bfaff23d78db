package posespark.models.ensemble;

/**
 * Wall time the calling thread has spent inside model calls ({@link ModelRunner#run}), so a pipeline can
 * split a step's time into the model's and its own pre/post-processing. Per thread, because an executor's
 * tasks share runners and inference queues but each task calls them from its own thread (blocking until
 * its answer comes back).
 */
public final class ModelCallClock {
  private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[1]);

  private ModelCallClock() {}

  /** Nanoseconds this thread has spent in model calls so far (compare two readings). */
  public static long nanos() {
    return NANOS.get()[0];
  }

  /** Adds one model call's wall time to this thread's clock. */
  static void add(long nanos) {
    NANOS.get()[0] += nanos;
  }
}
