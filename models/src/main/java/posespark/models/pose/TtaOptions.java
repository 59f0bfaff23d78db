package posespark.models.pose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import posespark.models.geometry.CropView;

/**
 * Parses the test-time-augmentation options ({@code --tta-scales 0.9,1,1.15}, {@code
 * --tta-rotations -10,10}; config {@code pipeline.tta.scales}, {@code pipeline.tta.rotations}) into
 * {@link CropView}s. Scales lie in [0.5, 2] (crop size over the reference crop's), rotations in
 * [-45, 45] degrees: beyond those the person leaves the crop or the models see poses they were not
 * trained on. A bad value is an {@link IllegalArgumentException} with a one-line message.
 */
public final class TtaOptions {

  public static final String SCALES = "--tta-scales";
  public static final String ROTATIONS = "--tta-rotations";

  private TtaOptions() {}

  /** The augmented views of the two lists (values as numbers or strings; see {@link CropView#of}). */
  public static List<CropView> views(List<?> scales, List<?> rotations) {
    return CropView.of(numbers(SCALES, scales, 0.5, 2), numbers(ROTATIONS, rotations, -45, 45));
  }

  /** Comma-separated values, e.g. {@code "0.9,1,1.15"}; blank = none. */
  public static List<String> split(String csv) {
    List<String> out = new ArrayList<>();
    for (String part : csv.split(",", -1)) {
      out.add(part.strip());
    }
    return csv.isBlank() ? List.of() : out;
  }

  static List<Double> numbers(String option, List<?> values, double min, double max) {
    List<Double> out = new ArrayList<>();
    for (Object value : values) {
      String text = String.valueOf(value).strip();
      double x;
      try {
        x = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": '" + text + "' is not a number");
      }
      if (!(x >= min && x <= max)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s is outside [%s, %s]",
            option, text, trim(min), trim(max)));
      }
      out.add(x);
    }
    return out;
  }

  private static String trim(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }
}
