package posespark.models.runtime;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Session settings of a loaded model: thread pools, device and grappler remapping.
 *
 * @param intraOpThreads threads inside one op (0: TensorFlow's default, all cores)
 * @param interOpThreads ops run concurrently (0: default); keep ≥ the number of calling threads
 * @param gpuDevice CUDA device index to use, or -1 for CPU only. TensorFlow applies the visible
 *     device list per process, so one JVM serves one GPU.
 * @param remapping whether grappler's remapper (oneDNN op fusion) runs; off for a model whose
 *     numbers it changes, whose card then says {@code runtime.remapping = false} (no zoo model today:
 *     centernet's hard-swish is rescaled at conversion instead, see {@code HardSwishRescale})
 * @param xlaJit whether the session asks for XLA auto-clustering (global JIT level ON_2). On the CPU
 *     TensorFlow clusters only in a process started with {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit};
 *     without that flag the setting has no effect there
 */
public record HostOptions(int intraOpThreads, int interOpThreads, int gpuDevice, boolean remapping, boolean xlaJit) {

  /** CPU, TensorFlow's default thread pools, remapper on, no XLA. */
  public static HostOptions defaults() {
    return new HostOptions(0, 0, -1, true, false);
  }

  public HostOptions withThreads(int intraOp, int interOp) {
    return new HostOptions(intraOp, interOp, gpuDevice, remapping, xlaJit);
  }

  public HostOptions withGpu(int device) {
    return new HostOptions(intraOpThreads, interOpThreads, device, remapping, xlaJit);
  }

  public HostOptions withRemapping(boolean on) {
    return new HostOptions(intraOpThreads, interOpThreads, gpuDevice, on, xlaJit);
  }

  public HostOptions withXlaJit(boolean on) {
    return new HostOptions(intraOpThreads, interOpThreads, gpuDevice, remapping, on);
  }

  /** The session ConfigProto these options stand for. */
  public ConfigProto toConfigProto() {
    ConfigProto.Builder config = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads)
        .setAllowSoftPlacement(true);
    if (gpuDevice < 0) {
      config.putDeviceCount("GPU", 0);
    } else {
      config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true)
          .setVisibleDeviceList(Integer.toString(gpuDevice)));
    }
    GraphOptions.Builder graph = GraphOptions.newBuilder();
    if (!remapping) {
      graph.setRewriteOptions(RewriterConfig.newBuilder().setRemapping(RewriterConfig.Toggle.OFF));
    }
    if (xlaJit) {
      graph.setOptimizerOptions(OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_2));
    }
    if (!remapping || xlaJit) {
      config.setGraphOptions(graph);
    }
    return config.build();
  }
}
