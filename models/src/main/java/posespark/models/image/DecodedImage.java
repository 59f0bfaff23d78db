package posespark.models.image;

/**
 * A decoded image: 8-bit RGB, row-major, interleaved ({@code H × W × 3}), after EXIF orientation
 * handling (see the decoder). Pose code only ever sees this, never file bytes.
 *
 * @param width  pixels per row
 * @param height rows
 * @param rgb    {@code height * width * 3} bytes
 */
public record DecodedImage(int width, int height, byte[] rgb) {

  public DecodedImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (rgb.length != (long) width * height * 3) {
      throw new IllegalArgumentException(
          "rgb has " + rgb.length + " bytes, expected " + (long) width * height * 3);
    }
  }
}
