package posespark.models.image;

/** Image container formats recognised from their leading bytes; only some can be decoded. */
public enum ImageFormat {
  JPEG(true),
  PNG(true),
  GIF(true),
  BMP(true),
  WEBP(false),
  TIFF(false),
  HEIF(false);

  private final boolean decodable;

  ImageFormat(boolean decodable) {
    this.decodable = decodable;
  }

  /** Whether {@link ImageDecoder} can decode this format. */
  public boolean decodable() {
    return decodable;
  }

  /** Lower-case name used in messages and tables ("jpeg", "png", ...). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
