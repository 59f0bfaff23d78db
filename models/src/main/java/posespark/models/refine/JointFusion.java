package posespark.models.refine;

/**
 * How a refinement combines, per joint, the input pose with the re-estimation on the new crop.
 * The input joint of score {@code c} acts as a Gaussian prior of weight {@code c} (see
 * {@link PosePrior}).
 */
public enum JointFusion {
  /** The input joint unchanged (the stage is a no-op; a baseline for measurements). */
  KEEP,
  /** The re-estimated joint replaces the input one. */
  MOVE,
  /** Score-weighted mean of the input and the re-estimated location; the mean of their scores. */
  AVERAGE,
  /**
   * The re-estimated heatmaps multiplied by the input pose's Gaussian prior before decoding, so that
   * a confident input joint pulls the choice among peaks toward itself; the score is the
   * re-estimated heatmap's at the chosen location.
   */
  PRIOR,
  /**
   * Joints the input is sure of (score ≥ {@link #SURE}) kept, the others moved to the re-estimate:
   * the refinement only answers where the first pass hesitated.
   */
  KEEP_SURE;

  /** Input score from which {@link #KEEP_SURE} keeps a joint. */
  public static final double SURE = 0.5;
}
