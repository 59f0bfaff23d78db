package posespark.models.runtime;

/** A graph holds an op outside the allowlist; the message names the op, the node and the model. */
public class UnsafeGraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsafeGraphException(String message) {
    super(message);
  }
}
