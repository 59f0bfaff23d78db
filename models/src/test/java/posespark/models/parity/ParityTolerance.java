package posespark.models.parity;

/**
 * How close a converted model's output must be to the TFJS reference: {@code |java - tfjs| <= 1e-4 *
 * max(1, maxAbs)}, with maxAbs the largest |value| of that reference tensor. For tensors within [-1, 1]
 * (sigmoid heatmaps, scores) that is the plain absolute 1e-4. Tensors of large values (BlazePose's
 * landmarks in pixels up to ~256, CenterNet boxes up to 512, MoveNet offsets in cells) get 1e-4 relative
 * to their range: float32 carries ~7 significant digits, and two correct kernels that sum a
 * convolution's products in a different order disagree in proportion to the magnitudes involved
 * (TFJS's own cpu and wasm backends differ by up to 6.5e-3 on BlazePose's pixel landmarks, 2e-5 of their
 * range; see docs/parity.md). The bound is per tensor, not per element, so small elements produced by
 * cancellation inside a large-valued tensor are not held to a tighter absolute bound than their neighbours.
 *
 * <p>One output is compared in logit space instead: BlazePose's segmentation mask, the sigmoid of logits
 * spanning about +-1600 (blazepose-full; +-75 for heavy). There the same rule applies to the logits,
 * {@code |logit(java) - logit(tfjs)| <= 1e-4 * max(1, max|logit|)}, recovered from the sigmoid values;
 * elements within 1e-3 of 0 or 1 (where a float32 probability no longer pins its logit) keep the absolute 1e-4. In probability space its
 * float32 error near the mask's edge is ~2.5e-4 for TF Java and up to 3e-3 between TFJS's own cpu and
 * wasm backends: conditioning of the model's head, not a conversion error (docs/parity.md).
 */
record ParityTolerance(double relative) {
  static final ParityTolerance DEFAULT = new ParityTolerance(1e-4);

  /** Largest allowed |difference| for a reference tensor whose largest |value| is maxAbs. */
  double bound(double maxAbs) {
    return relative * Math.max(1.0, maxAbs);
  }
}
