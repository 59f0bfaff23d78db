package posespark.job.annotate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.PosePipeline;

/**
 * The executor JVM's decoder and pose pipeline: built by the first task that needs them, or
 * earlier by {@link PipelineWarmupPlugin} when the executor starts (models load once per JVM, not
 * per partition), shared by all tasks (both are thread-safe), closed when the JVM shuts down.
 * A task arriving while the warm-up still builds waits for that build rather than starting its own.
 */
final class ExecutorPipelines {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorPipelines.class);
  private static final Map<TaskSettings, Host> HOSTS = new ConcurrentHashMap<>();

  /** A decoder and a pipeline for one settings value. */
  record Host(ImageDecoder decoder, PosePipeline pipeline) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      decoder.close();
      if (pipeline instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorPipelines::closeAll,
        "posespark-pipelines-close"));
  }

  private ExecutorPipelines() {}

  static Host get(TaskSettings settings) {
    return HOSTS.computeIfAbsent(settings, s -> build(s, gpuAddress()));
  }

  /** Builds the pipeline outside any task (GPU address from the executor's resources, or null). */
  static Host warm(TaskSettings settings, String gpuAddress) {
    return HOSTS.computeIfAbsent(settings, s -> build(s, gpuAddress));
  }

  private static Host build(TaskSettings settings, String gpuAddress) {
    ExecutorContext context = new ExecutorContext(gpuAddress, executorCores());
    LOG.info("building pose pipeline {} (gpu {}, {} threads)", settings.pipeline().describe(),
        context.gpuAddress() == null ? "none" : context.gpuAddress(), context.threads());
    if (context.gpuAddress() != null) {
      SparkEnv env = SparkEnv.get();
      LOG.info("executor {} pins its TensorFlow sessions to GPU {}",
          env == null ? "driver" : env.executorId(), context.gpuAddress());
    }
    PipelineFactory factory = PipelineFactories.load(settings.pipeline().factoryClass());
    // The same intra-op threads as the model sessions: whichever session comes first sizes TensorFlow's pool.
    ImageDecoder decoder = new ImageDecoder(settings.decodeOptions(), context.threads(),
        context.hostOptions().intraOpThreads());
    try {
      return new Host(decoder, factory.create(settings.pipeline(), context));
    } catch (RuntimeException e) {
      decoder.close();
      throw e;
    }
  }

  /** The first GPU Spark assigned to the current task, if resource scheduling is on. */
  static String gpuAddress() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return null;
    }
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
  }

  /** {@code spark.executor.cores}, else this machine's processors (local mode). */
  static int executorCores() {
    SparkEnv env = SparkEnv.get();
    int available = Runtime.getRuntime().availableProcessors();
    return env == null ? available : env.conf().getInt("spark.executor.cores", available);
  }

  private static void closeAll() {
    for (Host host : HOSTS.values()) {
      try {
        host.close();
      } catch (Exception e) {
        LOG.warn("closing pose pipeline failed", e);
      }
    }
    HOSTS.clear();
  }
}
