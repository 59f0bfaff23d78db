package posespark.models.ensemble;

/** How the ensemble turns the chosen heatmap cell into a sub-cell keypoint location. */
public enum Localisation {
  /** Argmax + a quarter cell toward the higher neighbour (HRNet's {@code get_final_preds}). */
  QUARTER,
  /** DARK's Taylor refinement of the log heatmap. */
  DARK,
  /** The offsets regressed by a member that has them (MoveNet), read at the chosen cell. */
  OFFSETS;

  /** Parses a CLI/config value ({@code quarter}, {@code dark}, {@code offsets}), case-insensitive. */
  public static Localisation parse(String value) {
    for (Localisation l : values()) {
      if (l.name().equalsIgnoreCase(value.trim())) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown decoder '" + value + "' (expected quarter, dark or offsets)");
  }
}
