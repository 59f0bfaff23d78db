package posespark.models.batching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.ensemble.ModelRunner;

/**
 * One model's inference queue: calls from any number of threads (the executor's concurrent tasks)
 * wait in one queue, and a single worker thread merges them along the batch dimension into calls
 * of up to {@code maxBatch} inputs, waiting at most {@code maxWait} for a batch to fill. Each
 * caller gets exactly its own slice of the outputs, so the results do not depend on who else was
 * in the batch. Few fat calls are the shape GPUs want; on CPUs they also stop concurrent tasks from
 * fighting over TensorFlow's thread pools.
 *
 * <p>Failures stay with their caller: when a merged call fails, each of its calls is run alone,
 * and only the ones that fail alone get the exception. {@link #close()} refuses new calls, runs the
 * queued ones and stops the worker.
 */
public final class InferenceQueue implements ModelRunner, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceQueue.class);

  private final String name;
  private final ModelRunner model;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final LinkedBlockingDeque<Call> queue = new LinkedBlockingDeque<>();
  private final Thread worker;
  private final AtomicLong modelCalls = new AtomicLong();
  private final AtomicLong mergedInputs = new AtomicLong();
  private final AtomicLong modelNanos = new AtomicLong();
  private volatile boolean closed;

  /** One caller's request and its answer. */
  private record Call(float[] pixels, boolean asInt, long[] shape, List<String> outputs,
      CompletableFuture<Map<String, float[]>> answer) {

    int n() {
      return (int) shape[0];
    }

    /** Same dtype, same per-input shape, same outputs: can share a model call. */
    boolean fits(Call other) {
      if (asInt != other.asInt || shape.length != other.shape.length || !outputs.equals(other.outputs)) {
        return false;
      }
      for (int i = 1; i < shape.length; i++) {
        if (shape[i] != other.shape[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * @param name     for logs and the worker thread's name
   * @param model    the model call being merged (thread-safe)
   * @param maxBatch most inputs per merged call (a single larger call runs alone)
   * @param maxWait  how long a call waits for others to fill its batch
   */
  public InferenceQueue(String name, ModelRunner model, int maxBatch, java.time.Duration maxWait) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, not " + maxBatch);
    }
    this.name = name;
    this.model = model;
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.worker = new Thread(this::work, "posespark-inference-" + name);
    this.worker.setDaemon(true);
    this.worker.start();
  }

  @Override
  public Map<String, float[]> run(float[] pixels, boolean asInt, long[] shape, List<String> outputs) {
    if (shape.length == 0 || shape[0] < 1) {
      throw new IllegalArgumentException(name + ": a batch needs a leading dimension >= 1");
    }
    Call call = new Call(pixels, asInt, shape.clone(), List.copyOf(outputs), new CompletableFuture<>());
    if (closed) {
      throw new IllegalStateException(name + ": inference queue is closed");
    }
    queue.addLast(call);
    if (closed && queue.remove(call)) {
      throw new IllegalStateException(name + ": inference queue is closed");
    }
    try {
      return call.answer().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(name + ": " + cause, cause);
    }
  }

  /** The name given at construction (the model's). */
  public String name() {
    return name;
  }

  /** Model calls made so far (merged or alone). */
  public long modelCalls() {
    return modelCalls.get();
  }

  /** Inputs run so far, over all model calls. */
  public long inputs() {
    return mergedInputs.get();
  }

  public int maxBatch() {
    return maxBatch;
  }

  /** Wall milliseconds spent inside the model's calls so far. */
  public double modelMillis() {
    return modelNanos.get() / 1e6;
  }

  /**
   * Stops taking calls, answers the queued ones, then stops the worker, logging what the queue did (the
   * batch it reached and the model's time per input, to compare with the model's latency alone). Idempotent.
   */
  @Override
  public void close() {
    if (!closed && modelCalls.get() > 0) {
      LOG.info("inference queue {}: {} model calls, {} inputs ({} per call), {} ms in the model ({} ms per input)",
          name, modelCalls.get(), mergedInputs.get(), String.format(java.util.Locale.ROOT, "%.1f",
              (double) mergedInputs.get() / modelCalls.get()), Math.round(modelMillis()),
          String.format(java.util.Locale.ROOT, "%.2f", modelMillis() / Math.max(1, mergedInputs.get())));
    }
    closed = true;
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Call left; (left = queue.pollFirst()) != null; ) {
      left.answer().completeExceptionally(new IllegalStateException(name + ": inference queue is closed"));
    }
  }

  private void work() {
    while (true) {
      List<Call> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        if (closed) {
          drain();
          return;
        }
        continue;
      }
      execute(batch);
    }
  }

  /** On close: the calls already queued still get their answers. */
  private void drain() {
    for (Call first; (first = queue.pollFirst()) != null; ) {
      List<Call> batch = new ArrayList<>(List.of(first));
      int n = first.n();
      for (Call next; n < maxBatch && (next = queue.peekFirst()) != null
          && next.fits(first) && n + next.n() <= maxBatch; ) {
        batch.add(queue.pollFirst());
        n += next.n();
      }
      execute(batch);
    }
  }

  /** Blocks for a first call, then takes fitting calls until the batch is full or the wait is over. */
  private List<Call> nextBatch() throws InterruptedException {
    Call first = queue.takeFirst();
    List<Call> batch = new ArrayList<>();
    batch.add(first);
    int n = first.n();
    long deadline = System.nanoTime() + maxWaitNanos;
    while (n < maxBatch) {
      long left = deadline - System.nanoTime();
      Call next = left > 0 ? queue.pollFirst(left, TimeUnit.NANOSECONDS) : queue.pollFirst();
      if (next == null) {
        break;
      }
      if (!next.fits(first) || n + next.n() > maxBatch) {
        queue.addFirst(next); // the next batch starts with it; the single worker keeps the order
        break;
      }
      batch.add(next);
      n += next.n();
    }
    return batch;
  }

  private void execute(List<Call> batch) {
    if (batch.size() == 1) {
      runAlone(batch.get(0));
      return;
    }
    try {
      Map<String, float[]> merged = callModel(concat(batch));
      split(batch, merged);
    } catch (RuntimeException | Error e) {
      LOG.warn("{}: merged call of {} requests failed ({}); running each alone", name, batch.size(),
          e.toString());
      batch.forEach(this::runAlone);
    }
  }

  private void runAlone(Call call) {
    try {
      Map<String, float[]> out = callModel(call);
      checkSizes(out, call.outputs(), call.n());
      call.answer().complete(out);
    } catch (RuntimeException | Error e) {
      call.answer().completeExceptionally(e);
    }
  }

  private Map<String, float[]> callModel(Call call) {
    modelCalls.incrementAndGet();
    mergedInputs.addAndGet(call.n());
    long start = System.nanoTime();
    try {
      return model.run(call.pixels(), call.asInt(), call.shape(), call.outputs());
    } finally {
      modelNanos.addAndGet(System.nanoTime() - start);
    }
  }

  private static Call concat(List<Call> batch) {
    int n = 0;
    int length = 0;
    for (Call c : batch) {
      n += c.n();
      length += c.pixels().length;
    }
    float[] pixels = new float[length];
    int at = 0;
    for (Call c : batch) {
      System.arraycopy(c.pixels(), 0, pixels, at, c.pixels().length);
      at += c.pixels().length;
    }
    Call first = batch.get(0);
    long[] shape = first.shape().clone();
    shape[0] = n;
    return new Call(pixels, first.asInt(), shape, first.outputs(), null);
  }

  /** Hands each call its rows of every output (outputs are batch-major). */
  private void split(List<Call> batch, Map<String, float[]> merged) {
    int n = batch.stream().mapToInt(Call::n).sum();
    List<String> keys = batch.get(0).outputs();
    checkSizes(merged, keys, n);
    int row = 0;
    for (Call c : batch) {
      Map<String, float[]> mine = new HashMap<>();
      for (String key : keys) {
        float[] all = merged.get(key);
        int per = all.length / n;
        float[] part = new float[per * c.n()];
        System.arraycopy(all, per * row, part, 0, part.length);
        mine.put(key, part);
      }
      row += c.n();
      c.answer().complete(mine);
    }
  }

  private void checkSizes(Map<String, float[]> out, List<String> keys, int n) {
    for (String key : keys) {
      float[] values = out.get(key);
      if (values == null || values.length % n != 0) {
        throw new IllegalStateException(name + ": output '" + key + "' has "
            + (values == null ? "no values" : values.length + " values") + ", not a multiple of the batch "
            + n);
      }
    }
  }
}
