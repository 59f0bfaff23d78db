package posespark.job.annotate;

import java.util.Locale;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ExecutorResourceRequests;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.resource.ResourceProfileBuilder;
import org.apache.spark.resource.TaskResourceRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage-level GPU scheduling: the resource profile of the inference stage alone, from the Spark
 * settings {@code spark.posespark.inference.*} (absent: no profile, every stage runs with the
 * application's executor-wide resources, e.g. conf/spark-gpu.conf).
 *
 * <p>What Spark 3.5 can do decides the profile. With dynamic allocation (standalone, YARN,
 * Kubernetes) a full profile asks for executors with GPUs for the inference stage only, and
 * listing, planning and table writing stay on plain executors. Without dynamic allocation only a
 * task-level profile exists (standalone, YARN and Kubernetes): the inference tasks claim a share
 * of the executors' GPUs, which the executors must then carry for the whole application. Local
 * masters schedule no resources at all.
 */
final class InferenceResources {

  static final String PREFIX = "spark.posespark.inference.";
  /** GPUs per executor of the inference stage; setting it turns stage-level scheduling on. */
  static final String EXECUTOR_GPUS = PREFIX + "gpu.amount";
  /** GPU share per inference task (0.5: two tasks per GPU). */
  static final String TASK_GPUS = PREFIX + "task.gpu.amount";
  /** Discovery script of the inference executors' GPUs. */
  static final String DISCOVERY = PREFIX + "gpu.discoveryScript";
  /** Cores per inference executor (default spark.executor.cores, else 1). */
  static final String EXECUTOR_CORES = PREFIX + "executor.cores";

  private static final Logger LOG = LoggerFactory.getLogger("posespark.annotate");

  private InferenceResources() {}

  /** The inference stage's profile, or empty for the application's default resources. */
  static Optional<ResourceProfile> profile(SparkConf conf) {
    if (!conf.contains(EXECUTOR_GPUS)) {
      return Optional.empty();
    }
    if (conf.get("spark.master", "local").startsWith("local")) {
      LOG.warn("{} ignored: a local master schedules no GPUs", EXECUTOR_GPUS);
      return Optional.empty();
    }
    long gpus = Long.parseLong(conf.get(EXECUTOR_GPUS).trim());
    double taskGpus = Double.parseDouble(conf.get(TASK_GPUS, "1").trim());
    if (gpus < 1 || taskGpus <= 0 || taskGpus > gpus) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s=%d and %s=%s: an inference executor needs at least one GPU and a task a share of"
              + " them", EXECUTOR_GPUS, gpus, TASK_GPUS, conf.get(TASK_GPUS, "1")));
    }
    TaskResourceRequests task = new TaskResourceRequests().cpus(1).resource("gpu", taskGpus);
    ResourceProfileBuilder builder = new ResourceProfileBuilder().require(task);
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
      int cores = conf.getInt(EXECUTOR_CORES, conf.getInt("spark.executor.cores", 1));
      String script = conf.get(DISCOVERY, conf.get("spark.executor.resource.gpu.discoveryScript", ""));
      builder.require(new ExecutorResourceRequests().cores(cores).resource("gpu", gpus, script, ""));
      LOG.info("inference stage on its own executors: {} cores, {} GPU(s) each, {} GPU per task",
          cores, gpus, taskGpus);
    } else {
      LOG.info("inference stage asks {} GPU per task of the executors' GPUs (dynamic allocation is"
          + " off: executors hold their GPUs for the whole run)", taskGpus);
    }
    return Optional.of(builder.build());
  }
}
