package posespark.models.report;

import java.util.ArrayList;
import java.util.List;
import posespark.models.geometry.CropView;

/**
 * One test-time-augmentation combination the TTA report evaluates: the augmented views averaged
 * with the reference crop. Written as view labels joined by {@code +}: {@code s0.9} (scale 0.9),
 * {@code r-10} (turned −10°), e.g. {@code s0.9+s1.15+r-10+r10}; {@code none} for the reference crop
 * alone.
 *
 * @param label as written
 * @param views the augmented views (empty for {@code none})
 */
public record TtaVariant(String label, List<CropView> views) {

  public TtaVariant {
    views = List.copyOf(views);
  }

  /** Parses one variant; a bad token is an {@link IllegalArgumentException}. */
  public static TtaVariant parse(String spec) {
    String s = spec.strip();
    if (s.equals("none")) {
      return new TtaVariant(s, List.of());
    }
    List<CropView> views = new ArrayList<>();
    for (String token : s.split("\\+")) {
      String t = token.strip();
      try {
        if (t.startsWith("s")) {
          views.add(new CropView(Double.parseDouble(t.substring(1)), 0));
        } else if (t.startsWith("r")) {
          views.add(new CropView(1, Double.parseDouble(t.substring(1))));
        } else {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("TTA variant '" + spec + "': bad view '" + t
            + "' (expected s<scale> or r<degrees>, joined by +, or none)");
      }
    }
    return new TtaVariant(s, views);
  }

  /** Parses variants separated by {@code ;}. */
  public static List<TtaVariant> parseAll(String specs) {
    List<TtaVariant> out = new ArrayList<>();
    for (String s : specs.split(";")) {
      if (!s.isBlank()) {
        out.add(parse(s));
      }
    }
    return out;
  }
}
