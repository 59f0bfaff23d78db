package posespark.job.annotate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark plugin ({@code spark.plugins}) that loads the annotate pipeline's models in every
 * executor as soon as the executor starts, on a background thread, so that model loading overlaps
 * the driver's listing and planning instead of delaying each executor's first inference task.
 *
 * <p>The settings travel in the Spark conf ({@value #SETTINGS}), which executors receive when they
 * register; {@link #enable} sets both that key and the plugin. Under stage-level GPU scheduling an
 * executor without a GPU does not run inference, so it loads nothing.
 */
public final class PipelineWarmupPlugin implements SparkPlugin {

  /** Turns the warm-up off when false (default true on cluster masters). */
  public static final String ENABLED = "spark.posespark.executor.warmup";
  /** The task settings, Java-serialized and Base64-encoded (set by {@link #enable}). */
  static final String SETTINGS = "spark.posespark.executor.warmup.settings";
  /** Name of the thread that builds the pipeline. */
  static final String THREAD = "posespark-pipeline-warmup";

  private static final Logger LOG = LoggerFactory.getLogger(PipelineWarmupPlugin.class);

  /**
   * Adds the plugin and the settings to {@code conf} unless the master is local (where the only
   * executor is the driver itself and nothing starts ahead of the driver's work) or {@value
   * #ENABLED} is false. Other plugins in {@code spark.plugins} are kept.
   */
  public static void enable(SparkConf conf, TaskSettings task) {
    if (!conf.getBoolean(ENABLED, true) || conf.get("spark.master", "local").startsWith("local")) {
      return;
    }
    conf.set(SETTINGS, encode(task));
    String name = PipelineWarmupPlugin.class.getName();
    String plugins = conf.get("spark.plugins", "").trim();
    if (!Arrays.asList(plugins.split("\\s*,\\s*")).contains(name)) {
      conf.set("spark.plugins", plugins.isEmpty() ? name : plugins + "," + name);
    }
  }

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        start(ctx);
      }
    };
  }

  private static void start(PluginContext ctx) {
    String encoded = ctx.conf().get(SETTINGS, null);
    if (encoded == null) {
      LOG.info("executor {}: no annotate settings in the conf, nothing to warm", ctx.executorID());
      return;
    }
    ResourceInformation gpu = ctx.resources().get("gpu");
    String gpuAddress = gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
    if (gpuAddress == null && ctx.conf().contains(InferenceResources.EXECUTOR_GPUS)) {
      LOG.info("executor {} has no GPU; inference runs on GPU executors, nothing to warm",
          ctx.executorID());
      return;
    }
    TaskSettings settings;
    try {
      settings = decode(encoded);
    } catch (RuntimeException e) {
      LOG.warn("executor {}: no warm-up: {}", ctx.executorID(), e.toString());
      return;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Thread thread = new Thread(() -> warm(ctx.executorID(), settings, gpuAddress), THREAD);
    thread.setContextClassLoader(loader != null ? loader : PipelineWarmupPlugin.class.getClassLoader());
    thread.setDaemon(true);
    thread.start();
  }

  private static void warm(String executorId, TaskSettings settings, String gpuAddress) {
    long t0 = System.nanoTime();
    try {
      ExecutorPipelines.warm(settings, gpuAddress);
      LOG.info("executor {}: pipeline {} warmed up in {} ms", executorId,
          settings.pipeline().describe(), (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException | Error e) {
      // The first task builds it again and fails with the real error, where Spark reports it.
      LOG.warn("executor {}: pipeline warm-up failed: {}", executorId, e.toString());
    }
  }

  static String encode(TaskSettings settings) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the task settings", e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  static TaskSettings decode(String encoded) {
    byte[] bytes = Base64.getDecoder().decode(encoded);
    ClassLoader loader = PipelineWarmupPlugin.class.getClassLoader();
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException,
          ClassNotFoundException {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          return super.resolveClass(desc);
        }
      }
    }) {
      return (TaskSettings) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException(SETTINGS + " does not hold annotate task settings", e);
    }
  }
}
