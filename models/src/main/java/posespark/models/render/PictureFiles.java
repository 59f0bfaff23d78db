package posespark.models.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import posespark.models.image.DecodedImage;

/** Conversions between decoded pixels, Java2D images and PNG/JPEG bytes for rendered pictures. */
public final class PictureFiles {

  private PictureFiles() {}

  /** The decoded RGB pixels as a Java2D image. */
  public static BufferedImage toBufferedImage(DecodedImage image) {
    int w = image.width();
    int h = image.height();
    int[] argb = new int[w * h];
    byte[] rgb = image.rgb();
    for (int i = 0, j = 0; i < argb.length; i++, j += 3) {
      argb[i] = ((rgb[j] & 0xff) << 16) | ((rgb[j + 1] & 0xff) << 8) | (rgb[j + 2] & 0xff);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, argb, 0, w);
    return out;
  }

  /** The image scaled down (bilinear) so that its longer side is at most {@code maxSide}; as is if it fits. */
  public static BufferedImage fit(BufferedImage image, int maxSide) {
    int longer = Math.max(image.getWidth(), image.getHeight());
    if (longer <= maxSide) {
      return image;
    }
    double f = (double) maxSide / longer;
    int w = Math.max(1, (int) Math.round(image.getWidth() * f));
    int h = Math.max(1, (int) Math.round(image.getHeight() * f));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = out.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  /** PNG bytes. */
  public static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer in this JVM");
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
  }

  /** JPEG bytes at the given quality (0..1). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("no JPEG writer in this JVM");
    }
    ImageWriter writer = writers.next();
    try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode JPEG", e);
    } finally {
      writer.dispose();
    }
  }

  /** Encodes as the file extension says: {@code png}, else JPEG at quality 0.9. */
  public static byte[] encode(BufferedImage image, String extension) {
    return "png".equals(extension.toLowerCase(Locale.ROOT)) ? png(image) : jpeg(image, 0.9f);
  }
}
