package posespark.models.quant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Calibrated value ranges of fp32 tensors (tensor name to [min, max]), stored as a small TSV
 * ({@code tensor<TAB>min<TAB>max}) next to an int8 model so that its rewrite can be repeated.
 */
public final class ActivationRanges {
  /** The ranges' file name next to an int8 SavedModel. */
  public static final String FILE = "int8-ranges.tsv";

  private final Map<String, float[]> ranges = new LinkedHashMap<>();

  /** Widens {@code tensor}'s range to include [min, max]. */
  public void include(String tensor, float min, float max) {
    ranges.merge(tensor, new float[] {min, max},
        (a, b) -> new float[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
  }

  /** [min, max] of {@code tensor} (":0" optional), or null when it was not recorded. */
  public float[] get(String tensor) {
    float[] r = ranges.get(tensor);
    return r != null || tensor.contains(":") ? r : ranges.get(tensor + ":0");
  }

  public int size() {
    return ranges.size();
  }

  public void write(Path file) {
    StringBuilder out = new StringBuilder("# tensor\tmin\tmax (calibrated fp32 ranges)\n");
    ranges.forEach((t, r) -> out.append(String.format(Locale.ROOT, "%s\t%.9g\t%.9g%n", t, r[0], r[1])));
    try {
      Files.writeString(file, out);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  public static ActivationRanges read(Path file) {
    ActivationRanges r = new ActivationRanges();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 3) {
          throw new IllegalArgumentException(file + ": bad line '" + line + "'");
        }
        r.include(f[0], Float.parseFloat(f[1]), Float.parseFloat(f[2]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    return r;
  }
}
