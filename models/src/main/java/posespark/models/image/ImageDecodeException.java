package posespark.models.image;

/** An image could not be read; the message says why in words a user can act on. */
public class ImageDecodeException extends Exception {

  private static final long serialVersionUID = 1L;

  public ImageDecodeException(String message) {
    super(message);
  }

  public ImageDecodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
