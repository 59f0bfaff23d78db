package posespark.job.sql;

/**
 * One readable line for a failed statement: the first line of the analysis or parse error, or of
 * the exception a task threw (which reaches the driver wrapped by Spark).
 */
final class SqlErrors {

  /** Spark's wording before a task's exception: "... (TID 3) (host executor driver): java.lang.X: msg". */
  private static final String TASK_FAILURE = "): ";

  private SqlErrors() {}

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = firstLine(root.getMessage());
    if (root instanceof org.apache.spark.SparkException) {
      int at = message.lastIndexOf(TASK_FAILURE);
      if (at >= 0) {
        message = message.substring(at + TASK_FAILURE.length());
      }
    }
    if (message.isEmpty()) {
      message = root.getClass().getSimpleName();
    }
    // Task exceptions arrive as "java.lang.IllegalArgumentException: msg"; the message alone reads better.
    return message.replaceFirst("^java\\.lang\\.(IllegalArgumentException|IllegalStateException): ", "");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
