package posespark.job.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at semicolons that are outside quotes ({@code '...'},
 * {@code "..."}, {@code `...`}) and outside {@code --} line comments; blank statements are dropped.
 */
final class SqlStatements {

  private SqlStatements() {}

  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (comment) {
        if (c == '\n') {
          comment = false;
          current.append(c);
        }
        continue;
      }
      if (quote != 0) {
        current.append(c);
        if (c == '\\' && quote != '`' && i + 1 < text.length()) {
          current.append(text.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        comment = true;
        i++;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        current.append(c);
      } else if (c == ';') {
        add(out, current);
      } else {
        current.append(c);
      }
    }
    add(out, current);
    return out;
  }

  /** True when {@code text} ends with a semicolon that closes a statement (the prompt then runs it). */
  static boolean complete(String text) {
    String trimmed = text.strip();
    if (!trimmed.endsWith(";")) {
      return false;
    }
    // The statement is complete when splitting "text + x" leaves x alone after the last semicolon.
    List<String> parts = split(trimmed + "\nx");
    return !parts.isEmpty() && parts.get(parts.size() - 1).equals("x");
  }

  private static void add(List<String> out, StringBuilder current) {
    String s = current.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    current.setLength(0);
  }
}
