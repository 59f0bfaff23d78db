package posespark.models.render;

import java.awt.Color;

/**
 * The colour scale for keypoint scores: red at 0, yellow at 0.5, green at 1 (hue 0° to 120°), so
 * confident joints read green and doubtful ones red at a glance.
 */
public final class ScoreColors {

  private ScoreColors() {}

  /** Colour of a score; scores outside [0, 1] (and NaN, as 0) are clamped. */
  public static Color of(double score) {
    double s = Double.isNaN(score) ? 0 : Math.max(0, Math.min(1, score));
    return Color.getHSBColor((float) (s / 3.0), 1f, 1f);
  }
}
