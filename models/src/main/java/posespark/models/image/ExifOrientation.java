package posespark.models.image;

/**
 * EXIF orientation (TIFF tag 0x0112): reading it from an EXIF block and turning stored pixels
 * into displayed pixels. Values: 1 as stored, 2 mirrored, 3 rotated 180°, 4 flipped vertically,
 * 5 transposed, 6 needs 90° clockwise, 7 transversed, 8 needs 90° counter-clockwise.
 */
public final class ExifOrientation {

  private static final int ORIENTATION_TAG = 0x0112;

  private ExifOrientation() {}

  /**
   * Orientation from a TIFF structure at {@code [start, end)} of {@code d}; 1 when the tag is absent
   * or the block is malformed (a broken EXIF block must not make a readable image unreadable).
   */
  static int parseTiff(byte[] d, int start, int end) {
    try {
      if (end - start < 8) {
        return 1;
      }
      boolean little;
      if (d[start] == 'I' && d[start + 1] == 'I') {
        little = true;
      } else if (d[start] == 'M' && d[start + 1] == 'M') {
        little = false;
      } else {
        return 1;
      }
      long ifd = u32(d, start + 4, little);
      int pos = start + (int) ifd;
      if (ifd < 8 || pos + 2 > end) {
        return 1;
      }
      int count = u16(d, pos, little);
      for (int i = 0; i < count; i++) {
        int entry = pos + 2 + 12 * i;
        if (entry + 12 > end) {
          return 1;
        }
        if (u16(d, entry, little) == ORIENTATION_TAG) {
          int value = u16(d, entry + 8, little);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    } catch (ArrayIndexOutOfBoundsException e) {
      return 1;
    }
  }

  /** Returns the displayed image for a stored image with the given orientation. */
  public static DecodedImage apply(DecodedImage stored, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return stored;
    }
    int w = stored.width();
    int h = stored.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] src = stored.rgb();
    byte[] out = new byte[src.length];
    int o = 0;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - ox; sy = oy; }
          case 3 -> { sx = w - 1 - ox; sy = h - 1 - oy; }
          case 4 -> { sx = ox; sy = h - 1 - oy; }
          case 5 -> { sx = oy; sy = ox; }
          case 6 -> { sx = oy; sy = h - 1 - ox; }
          case 7 -> { sx = w - 1 - oy; sy = h - 1 - ox; }
          default -> { sx = w - 1 - oy; sy = ox; } // 8
        }
        int s = (sy * w + sx) * 3;
        out[o++] = src[s];
        out[o++] = src[s + 1];
        out[o++] = src[s + 2];
      }
    }
    return new DecodedImage(ow, oh, out);
  }

  private static int u16(byte[] d, int p, boolean little) {
    return little ? (d[p] & 0xff) | ((d[p + 1] & 0xff) << 8) : ((d[p] & 0xff) << 8) | (d[p + 1] & 0xff);
  }

  private static long u32(byte[] d, int p, boolean little) {
    return little ? u16(d, p, true) | ((long) u16(d, p + 2, true) << 16)
        : ((long) u16(d, p, false) << 16) | u16(d, p + 2, false);
  }
}
