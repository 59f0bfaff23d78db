package posespark.job.sql;

import java.util.Locale;

/** How {@code submit/pose-sql} prints a result. */
enum OutputFormat {
  /** Aligned columns for people, with a row count. */
  TABLE,
  /** Header and rows, tab-separated; tabs, newlines and backslashes escaped; null is empty. */
  TSV,
  /** Header and rows, RFC 4180 quoting; null is empty. */
  CSV,
  /** One JSON object per row (JSON Lines), nested values as JSON, nulls kept. */
  JSON;

  static OutputFormat parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--format must be table, tsv, csv or json, not '" + s + "'");
    }
  }
}
