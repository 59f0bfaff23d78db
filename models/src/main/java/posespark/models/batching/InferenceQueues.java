package posespark.models.batching;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import posespark.models.ensemble.ModelRunner;

/**
 * The JVM's inference queues, one per loaded model (and batching setting), next to the JVM-wide
 * {@link posespark.models.runtime.ModelHost}: every pipeline and task of an executor that runs a
 * model shares its queue. All are closed when the JVM exits.
 */
public final class InferenceQueues {

  private record Key(Object model, int maxBatch, Duration maxWait) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.model == model && k.maxBatch == maxBatch && k.maxWait.equals(maxWait);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(model) * 31 + maxBatch * 17 + maxWait.hashCode();
    }
  }

  private static final Map<Key, InferenceQueue> QUEUES = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(InferenceQueues::closeAll,
        "posespark-inference-queues-close"));
  }

  private InferenceQueues() {}

  /**
   * The queue in front of {@code model} (identity: one loaded session), created on first use with
   * {@code runner} as the call it merges.
   */
  public static InferenceQueue of(Object model, String name, ModelRunner runner, int maxBatch,
      Duration maxWait) {
    return QUEUES.computeIfAbsent(new Key(model, maxBatch, maxWait),
        k -> new InferenceQueue(name, runner, maxBatch, maxWait));
  }

  /** The queues open now. */
  public static List<InferenceQueue> open() {
    return List.copyOf(QUEUES.values());
  }

  /**
   * Closes every queue (each answers its queued calls first); also run at JVM shutdown. The next
   * {@link #of} for a model makes a new queue.
   */
  public static void closeAll() {
    for (Map.Entry<Key, InferenceQueue> e : List.copyOf(QUEUES.entrySet())) {
      QUEUES.remove(e.getKey());
      e.getValue().close();
    }
  }
}
