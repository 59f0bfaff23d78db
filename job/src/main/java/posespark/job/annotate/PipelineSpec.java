package posespark.job.annotate;

import java.io.Serializable;
import java.util.List;

/**
 * What pose pipeline to build on each executor: shipped with the tasks, turned into a {@link
 * posespark.models.pose.PosePipeline} once per executor JVM by the {@link PipelineFactory} named.
 *
 * @param factoryClass class implementing {@link PipelineFactory} (public no-argument constructor)
 * @param ensemble     pose model names of the ensemble (zoo names), in order
 * @param flip         average each model with its horizontal flip
 * @param refine       run the refinement stage
 * @param decoder      heatmap decoder: {@code quarter} or {@code dark}
 * @param config       the resolved {@code posespark.pipeline} config block (HOCON), for settings
 *                     beyond the ones above
 */
public record PipelineSpec(String factoryClass, List<String> ensemble, boolean flip,
    boolean refine, String decoder, String config) implements Serializable {

  /** A short id of the models used, written to the poses table's {@code models} column. */
  public String modelsId() {
    return String.join("+", ensemble) + (flip ? "/flip" : "") + (refine ? "/refine" : "")
        + "/" + decoder;
  }
}
