package posespark.job.annotate;

import java.io.Serializable;
import java.util.List;

/**
 * What pose pipeline to build on each executor: shipped with the tasks, turned into a {@link
 * posespark.models.pose.PosePipeline} once per executor JVM by the {@link PipelineFactory} named.
 *
 * @param factoryClass class implementing {@link PipelineFactory} (public no-argument constructor)
 * @param ensemble     ensemble members as {@code name[:weight]} (zoo names), in order; empty for
 *                     the pipeline's default ensemble
 * @param flip         average each model with its horizontal flip
 * @param refine       run the refinement stage
 * @param decoder      keypoint localisation: {@code quarter}, {@code dark} or {@code offsets}
 * @param detect       requests come without boxes (the pipeline needs its person detector)
 * @param config       the resolved {@code posespark.pipeline} config block (HOCON), for settings
 *                     beyond the ones above
 */
public record PipelineSpec(String factoryClass, List<String> ensemble, boolean flip,
    boolean refine, String decoder, boolean detect, String config) implements Serializable {

  /** A short id of the settings, for logs and for factories that have no better one. */
  public String describe() {
    return (ensemble.isEmpty() ? "default-ensemble" : String.join("+", ensemble))
        + (flip ? "/flip" : "") + (refine ? "/refine" : "") + "/" + decoder;
  }
}
