package posespark.models.tfjs;

/** A model file that cannot be imported; the message names the file and what is wrong with it. */
public class ModelImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelImportException(String message) {
    super(message);
  }

  public ModelImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
