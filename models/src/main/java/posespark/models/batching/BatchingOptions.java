package posespark.models.batching;

import java.io.Serializable;
import java.time.Duration;

/**
 * How an {@link InferenceQueue} merges model calls.
 *
 * @param enabled  false: every caller runs the model with its own batch, as before
 * @param maxBatch most inputs per merged model call; 0 = the pipeline's own max batch
 * @param maxWait  longest time the first queued call waits for others to fill its batch
 */
public record BatchingOptions(boolean enabled, int maxBatch, Duration maxWait) implements Serializable {

  /** Queue on, the pipeline's max batch, 5 ms wait. */
  public static final BatchingOptions DEFAULT = new BatchingOptions(true, 0, Duration.ofMillis(5));

  /** Queue off. */
  public static final BatchingOptions OFF = new BatchingOptions(false, 0, Duration.ZERO);

  public BatchingOptions {
    if (maxBatch < 0) {
      throw new IllegalArgumentException("batching max-batch must be >= 0, not " + maxBatch);
    }
    if (maxWait == null || maxWait.isNegative()) {
      throw new IllegalArgumentException("batching max-wait must be >= 0, not " + maxWait);
    }
  }

  /** The max batch to use given the pipeline's own. */
  public int maxBatchOr(int pipelineMaxBatch) {
    return maxBatch > 0 ? maxBatch : Math.max(1, pipelineMaxBatch);
  }
}
