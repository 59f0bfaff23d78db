package posespark.models.ensemble;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import posespark.models.image.DecodedImage;

/** Test helper: an 8-bit RGB {@link DecodedImage} from a PNG/JPEG file via ImageIO. */
public final class ImageFixtures {

  private ImageFixtures() {}

  public static DecodedImage read(Path file) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) {
      throw new IOException(file + ": not an image ImageIO reads");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] rgb = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int o = (y * w + x) * 3;
        rgb[o] = (byte) (p >> 16);
        rgb[o + 1] = (byte) (p >> 8);
        rgb[o + 2] = (byte) p;
      }
    }
    return new DecodedImage(w, h, rgb);
  }
}
