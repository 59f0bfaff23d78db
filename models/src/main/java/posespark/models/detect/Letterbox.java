package posespark.models.detect;

import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;

/**
 * Fits a whole image into a square detector input keeping its aspect ratio: the image is centred
 * in a square window of side {@code max(width, height)}, the rest padded black. Boxes found in the
 * input map back through the same {@link CropWindow}.
 */
public final class Letterbox {

  private Letterbox() {}

  /** The square window around the whole image. */
  public static CropWindow window(DecodedImage image) {
    double side = Math.max(image.width(), image.height());
    return new CropWindow(image.width() / 2.0, image.height() / 2.0, side, side);
  }
}
