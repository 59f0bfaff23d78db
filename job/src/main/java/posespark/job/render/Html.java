package posespark.job.render;

/** HTML text escaping for the pages the renderer and the run report write. */
public final class Html {

  private Html() {}

  /** Escapes {@code & < > "} so any text is safe in element content and attribute values. */
  public static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
