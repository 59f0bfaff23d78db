package posespark.models.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads format, size and colour model from an image's header without decoding pixels: JPEG frame
 * header (SOFn) and EXIF orientation (APP1), PNG IHDR (and eXIf), GIF logical screen, BMP info
 * header. Runs before any decoder so that oversized or foreign files are refused cheaply.
 */
public final class ImageHeaderReader {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private ImageHeaderReader() {}

  /** Parses the header, or throws with a reason (empty, not an image, truncated header). */
  public static ImageHeader read(byte[] data) throws ImageDecodeException {
    if (data.length == 0) {
      throw new ImageDecodeException("empty file (0 bytes)");
    }
    if (startsWith(data, 0, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
      return readJpeg(data);
    }
    if (startsWith(data, 0, PNG_SIGNATURE)) {
      return readPng(data);
    }
    if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
      need(data, 10, "GIF");
      return new ImageHeader(ImageFormat.GIF, u16le(data, 6), u16le(data, 8), 8, "palette",
          false, 1);
    }
    if (startsWith(data, 0, ascii("BM")) && data.length >= 26) {
      return readBmp(data);
    }
    if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
      return unsupported(ImageFormat.WEBP);
    }
    if (startsWith(data, 0, ascii("II*\0")) || startsWith(data, 0, ascii("MM\0*"))) {
      return unsupported(ImageFormat.TIFF);
    }
    if (startsWith(data, 4, ascii("ftyphei")) || startsWith(data, 4, ascii("ftypmif1"))
        || startsWith(data, 4, ascii("ftypavif"))) {
      return unsupported(ImageFormat.HEIF);
    }
    throw new ImageDecodeException("not an image: unrecognised file signature "
        + hex(Arrays.copyOf(data, Math.min(8, data.length))) + " (supported: jpeg, png, gif, bmp)");
  }

  private static ImageHeader unsupported(ImageFormat format) throws ImageDecodeException {
    throw new ImageDecodeException("unsupported image format: " + format.label()
        + " (supported: jpeg, png, gif, bmp)");
  }

  // JPEG: walk the marker segments up to the first frame header; EXIF (APP1) precedes it.
  private static ImageHeader readJpeg(byte[] d) throws ImageDecodeException {
    int orientation = 1;
    int pos = 2;
    while (true) {
      while (pos < d.length && (d[pos] & 0xff) != 0xff) {
        pos++; // tolerate garbage between segments, as libjpeg does (with a warning)
      }
      while (pos < d.length && (d[pos] & 0xff) == 0xff) {
        pos++; // fill bytes
      }
      if (pos >= d.length) {
        throw new ImageDecodeException("truncated JPEG: no frame header (SOF) before end of file");
      }
      int marker = d[pos++] & 0xff;
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        continue; // stand-alone markers
      }
      if (marker == 0xd9 || marker == 0xda) {
        throw new ImageDecodeException("corrupt JPEG: no frame header (SOF) before scan data");
      }
      if (pos + 2 > d.length) {
        throw new ImageDecodeException("truncated JPEG header");
      }
      int length = u16be(d, pos);
      int start = pos + 2;
      int end = pos + length;
      if (length < 2 || end > d.length) {
        throw new ImageDecodeException("truncated JPEG header (segment 0x"
            + Integer.toHexString(marker) + " runs past end of file)");
      }
      if (marker == 0xe1 && length >= 8 && startsWith(d, start, ascii("Exif\0\0"))) {
        orientation = ExifOrientation.parseTiff(d, start + 6, end);
      }
      if (isStartOfFrame(marker)) {
        if (length < 8) {
          throw new ImageDecodeException("corrupt JPEG frame header");
        }
        int precision = d[start] & 0xff;
        int height = u16be(d, start + 1);
        int width = u16be(d, start + 3);
        int components = d[start + 5] & 0xff;
        if (height == 0) {
          throw new ImageDecodeException("unsupported JPEG: height given later in the file (DNL)");
        }
        String model = switch (components) {
          case 1 -> "gray";
          case 3 -> "ycbcr";
          case 4 -> "cmyk";
          default -> components + "-channel";
        };
        boolean progressive = marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce;
        return new ImageHeader(ImageFormat.JPEG, width, height, precision, model, progressive,
            orientation);
      }
      pos = end;
    }
  }

  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
  }

  // PNG: IHDR is the first chunk; an eXIf chunk, if any, comes before the first IDAT.
  private static ImageHeader readPng(byte[] d) throws ImageDecodeException {
    need(d, 29, "PNG");
    if (!startsWith(d, 12, ascii("IHDR"))) {
      throw new ImageDecodeException("corrupt PNG: first chunk is not IHDR");
    }
    long width = u32be(d, 16);
    long height = u32be(d, 20);
    if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new ImageDecodeException("corrupt PNG: size " + width + "x" + height);
    }
    int bitDepth = d[24] & 0xff;
    int colorType = d[25] & 0xff;
    boolean interlaced = (d[28] & 0xff) == 1;
    String model = switch (colorType) {
      case 0 -> "gray";
      case 2 -> "rgb";
      case 3 -> "palette";
      case 4 -> "gray+alpha";
      case 6 -> "rgba";
      default -> "color-type-" + colorType;
    };
    int orientation = 1;
    int pos = 8;
    while (pos + 12 <= d.length) {
      long length = u32be(d, pos);
      if (startsWith(d, pos + 4, ascii("IDAT")) || length > d.length) {
        break;
      }
      if (startsWith(d, pos + 4, ascii("eXIf"))) {
        orientation = ExifOrientation.parseTiff(d, pos + 8, (int) Math.min(d.length, pos + 8 + length));
        break;
      }
      pos += 12 + (int) length;
    }
    return new ImageHeader(ImageFormat.PNG, (int) width, (int) height, bitDepth, model, interlaced,
        orientation);
  }

  private static ImageHeader readBmp(byte[] d) throws ImageDecodeException {
    long dibSize = u32le(d, 14);
    int width;
    int height;
    int bits;
    if (dibSize == 12) {
      width = u16le(d, 18);
      height = u16le(d, 20);
      bits = u16le(d, 24);
    } else {
      need(d, 30, "BMP");
      width = (int) u32le(d, 18);
      height = Math.abs((int) u32le(d, 22)); // negative height: top-down rows
      bits = u16le(d, 28);
    }
    return new ImageHeader(ImageFormat.BMP, width, height, 8, bits + "-bit", false, 1);
  }

  private static void need(byte[] d, int n, String what) throws ImageDecodeException {
    if (d.length < n) {
      throw new ImageDecodeException("truncated " + what + " header (" + d.length + " bytes)");
    }
  }

  static boolean startsWith(byte[] d, int offset, byte[] prefix) {
    if (offset < 0 || offset + prefix.length > d.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (d[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static int u16be(byte[] d, int p) {
    return ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
  }

  private static int u16le(byte[] d, int p) {
    return (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8);
  }

  private static long u32be(byte[] d, int p) {
    return ((long) u16be(d, p) << 16) | u16be(d, p + 2);
  }

  private static long u32le(byte[] d, int p) {
    return u16le(d, p) | ((long) u16le(d, p + 2) << 16);
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format(java.util.Locale.ROOT, "%02x", x & 0xff));
    }
    return s.toString();
  }
}
