package posespark.models.refine;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How the refinement stage refines (used only when the pipeline's {@code refine} is on): the
 * training-free ensemble re-estimation with its crop and per-joint fusion, or a learned refiner
 * SavedModel (model card kind {@code refiner}, see {@link LearnedRefiner}).
 *
 * @param crop       the pose-guided re-crop
 * @param fusion     how re-estimated joints combine with the input pose
 * @param priorSigma Gaussian prior width in cells of the 64-cell common frame ({@link JointFusion#PRIOR})
 * @param model      a learned refiner's SavedModel folder, or null for the ensemble re-estimation
 */
public record RefineSettings(PoseGuidedCrop crop, JointFusion fusion, double priorSigma, Path model) {

  /**
   * The best variant measured on the choosing half (even image ids, ground-truth boxes; see
   * {@code docs/accuracy-refine.md}): the input box grown by the keypoint box, × 1.25, fused with
   * the Gaussian pose prior (σ 4 cells). Its gain there is within noise, which is why the
   * pipeline's {@code refine} stays off by default.
   */
  public static RefineSettings defaults() {
    return new RefineSettings(new PoseGuidedCrop(0.3, 4, 1.25, 1.25, true), JointFusion.PRIOR, 4.0, null);
  }

  /** The same settings with a learned refiner model (null: the ensemble). */
  public RefineSettings withModel(Path dir) {
    return new RefineSettings(crop, fusion, priorSigma, dir);
  }

  /** The same settings with another fusion. */
  public RefineSettings withFusion(JointFusion f) {
    return new RefineSettings(crop, f, priorSigma, model);
  }

  /** A short stable id for run records, e.g. {@code refine:prior/s4/k1.5}. */
  public String id() {
    if (model != null) {
      return "refine:model/" + model.getFileName();
    }
    return String.format(Locale.ROOT, "refine:%s/s%s/%sk%s", fusion.name().toLowerCase(Locale.ROOT),
        trim(priorSigma), crop.union() ? "union-" : "", trim(crop.scale()));
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
