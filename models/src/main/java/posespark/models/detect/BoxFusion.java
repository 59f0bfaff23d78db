package posespark.models.detect;

import java.util.Locale;

/** How person boxes of several detectors become one list. */
public enum BoxFusion {
  /** Weighted box fusion ({@link WeightedBoxFusion}). */
  WBF,
  /** All boxes pooled, then the {@link BoxFilter}'s suppression, as for one detector. */
  NMS;

  /** Parses {@code wbf} or {@code nms}; a one-line error otherwise. */
  public static BoxFusion parse(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "wbf" -> WBF;
      case "nms" -> NMS;
      default -> throw new IllegalArgumentException("--box-fusion must be wbf or nms, not '" + value + "'");
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
