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

  /**
   * Maps crop pixels (0–255) to the model's input in place: {@link #scalePixel}, then rounded to the
   * nearest integer (ties up, as {@link Math#round(float)}) for int inputs. The same values as
   * calling those per pixel, without their per-pixel cost where the range is the identity (MoveNet).
   */
  public void scalePixels(float[] pixels) {
    // p * 255.0 is exact in double and dividing it by 255.0 gives p back exactly: identity.
    boolean identity = rangeLow == 0 && rangeHigh == 255;
    if (rangeLow == 0 && rangeHigh == 1) {
      // (float) (p / 255.0) is p / 255f: one division rounded to double and then to float equals the
      // float division rounded once (53 >= 2 * 24 + 2 bits), and the float loop is much cheaper.
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = pixels[i] / 255f;
      }
    } else if (!identity) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = scalePixel(pixels[i]);
      }
    }
    if (intInput) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = roundHalfUp(pixels[i]);
      }
    }
  }

  /**
   * {@link Math#round(float)} as a float for finite values of int range (scaled pixels are): v + 0.5
   * is exact in double (a float has 24 significant bits), so its floor is the one Math.round takes,
   * and this form vectorises where Math.round does not.
   */
  static float roundHalfUp(float v) {
    return (float) Math.floor(v + 0.5);
  }

  /** Maps a pixel value 0–255 to the model's input range. */
  public float scalePixel(float pixel) {
    return (float) (rangeLow + pixel * (rangeHigh - rangeLow) / 255.0);
  }
}
