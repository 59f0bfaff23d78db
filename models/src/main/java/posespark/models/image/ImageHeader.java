package posespark.models.image;

/**
 * What an image file declares about itself before any pixel is decoded.
 *
 * @param format          container format
 * @param width           stored width in pixels (before EXIF orientation)
 * @param height          stored height in pixels (before EXIF orientation)
 * @param bitsPerSample   sample precision (8 for most files, 16 for 16-bit PNG, 12 for 12-bit JPEG)
 * @param colorModel      human-readable colour model ("ycbcr", "gray", "cmyk", "rgba", "palette", ...)
 * @param progressive     progressive or interlaced encoding
 * @param exifOrientation EXIF orientation tag 1..8 (1 = as stored; also when absent)
 */
public record ImageHeader(ImageFormat format, int width, int height, int bitsPerSample,
    String colorModel, boolean progressive, int exifOrientation) {

  /** Pixel count of the stored image. */
  public long pixels() {
    return (long) width * height;
  }

  /** Whether the displayed image is the stored one turned by 90° (orientations 5..8). */
  public boolean orientationSwapsAxes() {
    return exifOrientation >= 5 && exifOrientation <= 8;
  }
}
