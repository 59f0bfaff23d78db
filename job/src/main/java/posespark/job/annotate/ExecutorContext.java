package posespark.job.annotate;

import posespark.models.runtime.HostOptions;

/**
 * Where a pipeline is being built: the executor's GPU (from the task's resources) and how many
 * threads TensorFlow may use.
 *
 * @param gpuAddress GPU address assigned by Spark's resource scheduling, or null for CPU
 * @param threads    cores of this executor (TensorFlow intra/inter-op thread pools)
 */
public record ExecutorContext(String gpuAddress, int threads) {

  /**
   * TensorFlow session settings for this executor: the task's GPU (else system property
   * {@code posespark.tf.gpu}, else CPU) and thread pools of {@link #threads} each, unless system
   * properties {@code posespark.tf.intraOpThreads} / {@code interOpThreads} set them. Inter-op
   * pools as large as the core count leave room for every concurrent task's calls. Remapping is
   * left on here; each model's card may turn it off when its session is loaded.
   */
  public HostOptions hostOptions() {
    int intraOp = Integer.getInteger("posespark.tf.intraOpThreads", 0);
    int interOp = Integer.getInteger("posespark.tf.interOpThreads", 0);
    return HostOptions.defaults()
        .withThreads(intraOp > 0 ? intraOp : threads, interOp > 0 ? interOp : threads)
        .withGpu(gpuDevice());
  }

  /** The CUDA device index of {@link #gpuAddress}, or the configured default (-1: CPU). */
  int gpuDevice() {
    if (gpuAddress == null) {
      return Integer.getInteger("posespark.tf.gpu", -1);
    }
    try {
      int device = Integer.parseInt(gpuAddress.trim());
      if (device < 0) {
        throw new NumberFormatException();
      }
      return device;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + gpuAddress + "' from Spark's resource"
          + " scheduling is not a CUDA device index (the GPU discovery script must report indices"
          + " such as \"0\")");
    }
  }
}
