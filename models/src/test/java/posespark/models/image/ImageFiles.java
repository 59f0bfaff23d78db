package posespark.models.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Image files of every kind the decoder must handle, written in the test with ImageIO or by byte
 * manipulation (no binary fixtures in the repo). The picture: a grey background with a red block in
 * the top-left quarter, so orientation and colour can be checked after decoding.
 */
public final class ImageFiles {

  private ImageFiles() {}

  /** Grey picture with a pure red block over {@code [0, w/4) × [0, h/4)}. */
  public static BufferedImage picture(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(255, 0, 0));
    g.fillRect(0, 0, width / 4, height / 4);
    g.dispose();
    return img;
  }

  public static byte[] jpeg(BufferedImage img, boolean progressive) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.95f);
    if (progressive) {
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    }
    return write(writer, new IIOImage(img, null, null), param);
  }

  /** A 4-component (CMYK) JPEG of a uniform colour, written from a raw raster. */
  public static byte[] cmykJpeg(int width, int height, int c, int m, int y, int k) {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4,
        null);
    int[] px = {c, m, y, k};
    for (int yy = 0; yy < height; yy++) {
      for (int xx = 0; xx < width; xx++) {
        raster.setPixel(xx, yy, px);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    return write(writer, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
  }

  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] png(BufferedImage img) {
    return encode(img, "png");
  }

  public static byte[] grayPng(int width, int height, int level) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    fill(img.getRaster(), level);
    return png(img);
  }

  /** 16-bit grayscale PNG with every sample equal to {@code level16}. */
  public static byte[] gray16Png(int width, int height, int level16) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    fill(img.getRaster(), level16);
    return png(img);
  }

  /** Palette PNG: two entries (0 = blue, 1 = green), left half index 0, right half index 1. */
  public static byte[] palettePng(int width, int height) {
    byte[] r = {0, 0};
    byte[] g = {0, (byte) 255};
    byte[] b = {(byte) 255, 0};
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY,
        new IndexColorModel(1, 2, r, g, b));
    WritableRaster raster = img.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = width / 2; x < width; x++) {
        raster.setSample(x, y, 0, 1);
      }
    }
    return png(img);
  }

  /** RGBA PNG, every pixel (r, g, b, alpha). */
  public static byte[] alphaPng(int width, int height, int r, int g, int b, int alpha) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int argb = (alpha << 24) | (r << 16) | (g << 8) | b;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, argb);
      }
    }
    return png(img);
  }

  /** A syntactically valid PNG signature + IHDR claiming the given size, and nothing decodable. */
  public static byte[] pngHeaderOnly(int width, int height) {
    byte[] ihdr = new byte[13];
    putU32(ihdr, 0, width);
    putU32(ihdr, 4, height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // RGB
    byte[] out = new byte[8 + 12 + 13 + 12];
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, out, 0, 8);
    putU32(out, 8, 13);
    System.arraycopy("IHDR".getBytes(StandardCharsets.US_ASCII), 0, out, 12, 4);
    System.arraycopy(ihdr, 0, out, 16, 13);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    putU32(out, 29, (int) crc.getValue());
    putU32(out, 33, 0); // IEND
    System.arraycopy("IEND".getBytes(StandardCharsets.US_ASCII), 0, out, 37, 4);
    crc.reset();
    crc.update(out, 37, 4);
    putU32(out, 41, (int) crc.getValue());
    return out;
  }

  /** The JPEG with an EXIF APP1 segment carrying {@code orientation} inserted after SOI. */
  public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    // TIFF, big-endian: header (8) + IFD0 with one entry (2 + 12 + 4).
    byte[] tiff = new byte[26];
    tiff[0] = 'M';
    tiff[1] = 'M';
    tiff[3] = 42;
    tiff[7] = 8; // IFD0 offset
    tiff[9] = 1; // one entry
    tiff[10] = 0x01;
    tiff[11] = 0x12; // tag 0x0112
    tiff[13] = 3; // SHORT
    tiff[17] = 1; // count 1
    tiff[19] = (byte) orientation;
    byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    int segmentLength = 2 + exif.length + tiff.length;
    byte[] out = new byte[jpeg.length + 2 + segmentLength];
    out[0] = (byte) 0xff;
    out[1] = (byte) 0xd8;
    out[2] = (byte) 0xff;
    out[3] = (byte) 0xe1;
    out[4] = (byte) (segmentLength >> 8);
    out[5] = (byte) segmentLength;
    System.arraycopy(exif, 0, out, 6, exif.length);
    System.arraycopy(tiff, 0, out, 6 + exif.length, tiff.length);
    System.arraycopy(jpeg, 2, out, 6 + exif.length + tiff.length, jpeg.length - 2);
    return out;
  }

  /** The first {@code fraction} of the bytes. */
  public static byte[] truncated(byte[] file, double fraction) {
    return Arrays.copyOf(file, (int) (file.length * fraction));
  }

  public static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void fill(WritableRaster raster, int level) {
    for (int y = 0; y < raster.getHeight(); y++) {
      for (int x = 0; x < raster.getWidth(); x++) {
        raster.setSample(x, y, 0, level);
      }
    }
  }

  private static void putU32(byte[] d, int p, int v) {
    d[p] = (byte) (v >>> 24);
    d[p + 1] = (byte) (v >>> 16);
    d[p + 2] = (byte) (v >>> 8);
    d[p + 3] = (byte) v;
  }

  private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
