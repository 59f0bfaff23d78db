package posespark.models.heatmap;

/**
 * RSN's post-Gaussian: blur the heatmap before handing it to another decoder (usually
 * {@link QuarterOffsetDecoder}), which suppresses single-cell spikes and moves the argmax toward
 * the mass of the peak.
 */
public final class PostGaussianDecoder implements HeatmapDecoder {

  private final GaussianBlur blur;
  private final HeatmapDecoder inner;

  public PostGaussianDecoder(GaussianBlur blur, HeatmapDecoder inner) {
    this.blur = blur;
    this.inner = inner;
  }

  @Override
  public Peak refine(float[] map, int offset, int width, int height, int cellX, int cellY) {
    float[] blurred = blur.apply(map, offset, width, height);
    int top = HeatmapDecoder.climb(blurred, 0, width, height, cellY * width + cellX);
    return inner.refine(blurred, 0, width, height, top % width, top / width);
  }

  @Override
  public Peak decode(float[] map, int offset, int width, int height) {
    float[] blurred = blur.apply(map, offset, width, height);
    int top = HeatmapDecoder.argmax(blurred, 0, width * height);
    return inner.refine(blurred, 0, width, height, top % width, top / width);
  }
}
