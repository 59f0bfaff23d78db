package posespark.eval.coco;

import java.util.Locale;
import posespark.models.keypoints.CocoKeypoints;

/** Named OKS sigma sets, or a list given by the user. */
public final class OksSigmas {

  /** CrowdPose's 14 keypoints as xtcocotools defines them (published values / 10). */
  private static final double[] CROWDPOSE_TIMES_TEN = {
      .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89, .79, .79};

  private OksSigmas() {}

  /**
   * {@code coco}, {@code crowdpose}, or comma-separated sigmas as OKS uses them (COCO's nose is
   * 0.026).
   */
  public static double[] parse(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("coco")) {
      return CocoKeypoints.sigmas();
    }
    if (s.equals("crowdpose")) {
      double[] out = new double[CROWDPOSE_TIMES_TEN.length];
      for (int k = 0; k < out.length; k++) {
        out[k] = CROWDPOSE_TIMES_TEN[k] / 10.0;
      }
      return out;
    }
    String[] parts = s.split(",");
    double[] out = new double[parts.length];
    for (int k = 0; k < parts.length; k++) {
      try {
        out[k] = Double.parseDouble(parts[k].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("sigmas must be coco, crowdpose or numbers separated by commas, not '"
            + spec + "'");
      }
      if (!(out[k] > 0) || Double.isInfinite(out[k])) {
        throw new IllegalArgumentException("sigma #" + k + " must be a positive number, not '" + parts[k] + "'");
      }
    }
    return out;
  }
}
