package posespark.models.image;

/**
 * How {@link ImageDecoder} treats files.
 *
 * @param maxPixels       stored width × height above which a file is refused before decoding
 * @param applyExifOrientation turn pixels as the EXIF orientation tag says (what viewers show);
 *                        off keeps the stored orientation (what COCO's annotations refer to)
 */
public record DecodeOptions(long maxPixels, boolean applyExifOrientation) {

  /** 50 megapixels (a 150 MB RGB buffer), EXIF orientation applied. */
  public static final DecodeOptions DEFAULT = new DecodeOptions(50_000_000L, true);

  public DecodeOptions {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
    }
  }
}
