package posespark.job.annotate;

/**
 * Where a pipeline is being built: the executor's GPU (from the task's resources) and how many
 * threads TensorFlow may use.
 *
 * @param gpuAddress GPU address assigned by Spark's resource scheduling, or null for CPU
 * @param threads    cores of this executor (TensorFlow intra/inter-op thread pools)
 */
public record ExecutorContext(String gpuAddress, int threads) {}
