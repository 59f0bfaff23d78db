package posespark.models.ensemble;

import posespark.models.heatmap.HeatmapGrid;

/**
 * What the ensemble needs to know about one pose model (read from its model card): input size and
 * value range, which output holds the heatmaps and how they map to COCO-17, and optionally the
 * model's own offsets and its centre-person regression (MoveNet).
 *
 * @param name              model name (e.g. {@code movenet-thunder})
 * @param inputWidth        crop width in pixels
 * @param inputHeight       crop height in pixels
 * @param intInput          true: int32 input (MoveNet); false: float32
 * @param rangeLow          value of pixel 0 (e.g. 0)
 * @param rangeHigh         value of pixel 255 (255 for MoveNet, 1 for BlazePose)
 * @param heatmapKey        output key of the heatmaps, NHWC
 * @param heatmapChannels   channels of that output (17 for MoveNet, 39 for BlazePose)
 * @param grid              where the heatmap cells sit in the crop
 * @param logits            heatmaps are logits (PoseNet): a sigmoid is applied
 * @param cocoChannels      heatmap channel of each COCO keypoint
 * @param offsets           the model's offset regression, or null
 * @param centreRegression  the model's centre-person regression, or null
 */
public record MemberSpec(String name, int inputWidth, int inputHeight, boolean intInput,
    double rangeLow, double rangeHigh, String heatmapKey, int heatmapChannels, HeatmapGrid grid,
    boolean logits, int[] cocoChannels, Offsets offsets, CentreRegression centreRegression) {

  /**
   * Per-cell offsets: output key, whether (dy, dx) are interleaved per keypoint (MoveNet) or all
   * dy then all dx (PoseNet), the factor to cells, and the origin added (see
   * {@link posespark.models.heatmap.KeypointOffsets}).
   */
  public record Offsets(String key, boolean interleaved, double scale, double origin) {}

  /**
   * MoveNet's single-person regression: a person-centre heatmap and, per cell, the (dy, dx) in
   * cells from that centre to each keypoint (interleaved).
   */
  public record CentreRegression(String centreKey, String regressKey) {}

  /** Height over width of the input (the crop aspect this model wants). */
  public double aspect() {
    return (double) inputHeight / inputWidth;
  }

  /** Maps a pixel value 0–255 to the model's input range. */
  public float scalePixel(float pixel) {
    return (float) (rangeLow + pixel * (rangeHigh - rangeLow) / 255.0);
  }
}
