package posespark.job.source;

import java.util.Locale;

/** How an {@code --input} value is read, decided from its form alone (no file is opened). */
public enum InputKind {
  /** A folder (read recursively), a single file, or a glob: Spark's binaryFile listing. */
  FILES,
  /** A text file with one URI per line ({@code .txt}, {@code .lst}). */
  MANIFEST_TEXT,
  /** A CSV file with a header; column {@code uri} (or {@code path}), optional {@code image_id}. */
  MANIFEST_CSV,
  /** Parquet file(s) with column {@code uri} (or {@code path}), optional {@code image_id}. */
  MANIFEST_PARQUET,
  /** A COCO JSON file: its {@code images} list, files under {@code --image-root}. */
  COCO_JSON;

  public static InputKind of(String input) {
    String lower = input.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return COCO_JSON;
    }
    if (lower.endsWith(".txt") || lower.endsWith(".lst")) {
      return MANIFEST_TEXT;
    }
    if (lower.endsWith(".csv")) {
      return MANIFEST_CSV;
    }
    if (lower.endsWith(".parquet")) {
      return MANIFEST_PARQUET;
    }
    return FILES;
  }
}
