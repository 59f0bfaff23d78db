package posespark.models.runtime;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Session settings of a loaded model: thread pools, device and grappler remapping.
 *
 * @param intraOpThreads threads inside one op (0: TensorFlow's default, all cores)
 * @param interOpThreads ops run concurrently (0: default); keep ≥ the number of calling threads
 * @param gpuDevice CUDA device index to use, or -1 for CPU only. TensorFlow applies the visible
 *     device list per process, so one JVM serves one GPU.
 * @param remapping whether grappler's remapper (oneDNN op fusion) runs; off for models whose
 *     numbers it changes (centernet's hard-swish); their card says {@code runtime.remapping = off}
 */
public record HostOptions(int intraOpThreads, int interOpThreads, int gpuDevice, boolean remapping) {

  /** CPU, TensorFlow's default thread pools, remapper on. */
  public static HostOptions defaults() {
    return new HostOptions(0, 0, -1, true);
  }

  public HostOptions withThreads(int intraOp, int interOp) {
    return new HostOptions(intraOp, interOp, gpuDevice, remapping);
  }

  public HostOptions withGpu(int device) {
    return new HostOptions(intraOpThreads, interOpThreads, device, remapping);
  }

  public HostOptions withRemapping(boolean on) {
    return new HostOptions(intraOpThreads, interOpThreads, gpuDevice, on);
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
    if (!remapping) {
      config.setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
          RewriterConfig.newBuilder().setRemapping(RewriterConfig.Toggle.OFF)));
    }
    return config.build();
  }
}
