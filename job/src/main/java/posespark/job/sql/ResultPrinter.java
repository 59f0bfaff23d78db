package posespark.job.sql;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints a statement's result in one {@link OutputFormat}. Values are rendered by Spark itself
 * (each column cast to string, or {@code to_json}); rows stream from the executors except for the
 * aligned table, which needs every width first.
 */
final class ResultPrinter {

  private final OutputFormat format;
  private final PrintStream out;

  ResultPrinter(OutputFormat format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  /** Prints the result; a statement without columns (e.g. CREATE VIEW) prints nothing. */
  void print(Dataset<Row> result) {
    String[] names = result.columns();
    if (names.length == 0) {
      result.collectAsList();
      return;
    }
    if (format == OutputFormat.JSON) {
      // to_json with ignoreNullFields off: every row object names every column, null or not.
      Column row = to_json(struct(Arrays.stream(names).map(n -> result.col("`" + n.replace("`", "``") + "`"))
          .toArray(Column[]::new)), Map.of("ignoreNullFields", "false"));
      Iterator<Row> lines = result.select(row).toLocalIterator();
      while (lines.hasNext()) {
        out.println(lines.next().getString(0));
      }
      out.flush();
      return;
    }
    Dataset<Row> strings = asStrings(result);
    if (format == OutputFormat.TABLE) {
      printTable(names, strings.collectAsList());
      return;
    }
    char sep = format == OutputFormat.TSV ? '\t' : ',';
    out.println(line(names, sep));
    Iterator<Row> rows = strings.toLocalIterator();
    String[] values = new String[names.length];
    while (rows.hasNext()) {
      Row r = rows.next();
      for (int i = 0; i < values.length; i++) {
        values[i] = r.getString(i);
      }
      out.println(line(values, sep));
    }
    out.flush();
  }

  /** Every column cast to string by Spark (columns renamed first: results may repeat a name). */
  private static Dataset<Row> asStrings(Dataset<Row> result) {
    String[] positional = new String[result.columns().length];
    List<Column> cast = new ArrayList<>();
    for (int i = 0; i < positional.length; i++) {
      positional[i] = "c" + i;
      cast.add(col(positional[i]).cast("string"));
    }
    return result.toDF(positional).select(cast.toArray(Column[]::new));
  }

  private String line(String[] values, char sep) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(sep);
      }
      String v = values[i];
      if (v != null) {
        b.append(sep == '\t' ? escapeTsv(v) : quoteCsv(v));
      }
    }
    return b.toString();
  }

  static String escapeTsv(String v) {
    return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String quoteCsv(String v) {
    boolean quote = v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  private void printTable(String[] names, List<Row> rows) {
    int[] widths = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      widths[i] = names[i].length();
    }
    for (Row r : rows) {
      for (int i = 0; i < names.length; i++) {
        widths[i] = Math.max(widths[i], cell(r.getString(i)).length());
      }
    }
    String rule = rule(widths);
    out.println(rule);
    out.println(tableLine(names, widths));
    out.println(rule);
    String[] values = new String[names.length];
    for (Row r : rows) {
      for (int i = 0; i < names.length; i++) {
        values[i] = cell(r.getString(i));
      }
      out.println(tableLine(values, widths));
    }
    out.println(rule);
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    out.flush();
  }

  private static String cell(String v) {
    return v == null ? "NULL" : escapeTsv(v);
  }

  private static String rule(int[] widths) {
    StringBuilder b = new StringBuilder("+");
    for (int w : widths) {
      b.append("-".repeat(w + 2)).append('+');
    }
    return b.toString();
  }

  private static String tableLine(String[] values, int[] widths) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < values.length; i++) {
      b.append(' ').append(values[i]).append(" ".repeat(widths[i] - values[i].length())).append(" |");
    }
    return b.toString();
  }
}
