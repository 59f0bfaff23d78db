package posespark.job.annotate;

import java.util.Map;
import posespark.models.pose.PosePipeline;

/**
 * Builds the pose pipeline an executor runs. Implementations have a public no-argument
 * constructor; the job calls {@link #create} once per executor JVM and spec, shares the result
 * between the JVM's tasks and closes it (when {@link AutoCloseable}) at JVM shutdown.
 */
public interface PipelineFactory {

  PosePipeline create(PipelineSpec spec, ExecutorContext context);

  /**
   * Checks the spec on the driver before Spark starts; throws {@link IllegalArgumentException}
   * with a one-line reason (e.g. an unknown model name).
   */
  default void validate(PipelineSpec spec) {}

  /** The id written to the poses table's {@code models} column and to the runs table. */
  default String modelsId(PipelineSpec spec) {
    return spec.describe();
  }

  /** Digest per model file used (name → sha256), for the runs table; empty when unknown. */
  default Map<String, String> modelDigests(PipelineSpec spec) {
    return Map.of();
  }
}
