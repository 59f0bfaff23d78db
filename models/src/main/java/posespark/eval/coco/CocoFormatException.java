package posespark.eval.coco;

/** Bad evaluation input: the message names the file and the problem in one line. */
public class CocoFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CocoFormatException(String file, String problem) {
    super(file + ": " + problem);
  }

  public CocoFormatException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
