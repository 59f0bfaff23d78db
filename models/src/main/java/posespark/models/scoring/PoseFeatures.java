package posespark.models.scoring;

import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.heatmap.HeatmapStats;
import posespark.models.keypoints.OksNms;
import posespark.models.pose.PoseRescoring;

/**
 * The features the pose scoring model sees for each candidate pose of one image. Computed the same
 * way when fitting and in the pipeline, from what every box source provides: the box with its
 * score, the 17 keypoints with their scores, the image size, the other candidates of the image,
 * and the decoder's per-joint {@link HeatmapStats} averaged over the joints ({@code heatmap_*};
 * NaN for a candidate without statistics, which {@link PoseScoringModel#score} reads as the
 * fitting mean).
 */
public final class PoseFeatures {

  /** Feature names, in vector order; a scoring model uses a subset, by name. */
  public static final List<String> NAMES = List.of(
      "box_score", "keypoint_mean", "legacy_score", "keypoints_above_0.3", "keypoint_max",
      "keypoint_min", "log_box_area_fraction", "keypoint_extent", "overlap_with_better",
      "log_box_score", "log_keypoint_mean", "log_box_height", "log_legacy_score",
      "log_box_aspect", "heatmap_peak", "heatmap_second_peak_ratio", "heatmap_prior_ratio",
      "heatmap_member_spread", "heatmap_flip_spread");

  /** The {@code heatmap_*} names, one per {@link HeatmapStats#NAMES} entry, in the same order. */
  public static final List<String> HEATMAP = NAMES.subList(NAMES.indexOf("heatmap_peak"), NAMES.size());

  private static final PoseRescoring LEGACY = PoseRescoring.allKeypoints();
  private static final double CONFIDENT_KEYPOINT = 0.3;

  private final OksNms similarity = new OksNms(1.0);

  /**
   * Features of every candidate of one image.
   *
   * @param boxes     each candidate's box (its score = box score)
   * @param keypoints each candidate's {@code [x, y, score] × K}
   */
  public double[][] of(List<Box> boxes, List<float[]> keypoints, int imageWidth, int imageHeight) {
    return of(boxes, keypoints, null, imageWidth, imageHeight);
  }

  /**
   * Features of every candidate of one image.
   *
   * @param boxes        each candidate's box (its score = box score)
   * @param keypoints    each candidate's {@code [x, y, score] × K}
   * @param heatmapStats each candidate's {@link HeatmapStats} ({@code K × PER_JOINT}; empty when
   *                     absent), or null when no candidate has them
   */
  public double[][] of(List<Box> boxes, List<float[]> keypoints, List<float[]> heatmapStats,
      int imageWidth, int imageHeight) {
    int n = boxes.size();
    double[] legacy = new double[n];
    for (int i = 0; i < n; i++) {
      legacy[i] = LEGACY.score(boxes.get(i).score(), keypoints.get(i));
    }
    double imageArea = Math.max(1.0, (double) imageWidth * imageHeight);
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      float[] kp = keypoints.get(i);
      Box b = boxes.get(i);
      int k = kp.length / 3;
      double sum = 0;
      double max = 0;
      double min = 1;
      int confident = 0;
      double x0 = Double.POSITIVE_INFINITY;
      double x1 = Double.NEGATIVE_INFINITY;
      double y0 = Double.POSITIVE_INFINITY;
      double y1 = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        double s = kp[3 * j + 2];
        sum += s;
        max = Math.max(max, s);
        min = Math.min(min, s);
        confident += s > CONFIDENT_KEYPOINT ? 1 : 0;
        x0 = Math.min(x0, kp[3 * j]);
        x1 = Math.max(x1, kp[3 * j]);
        y0 = Math.min(y0, kp[3 * j + 1]);
        y1 = Math.max(y1, kp[3 * j + 1]);
      }
      double boxArea = Math.max(1.0, b.area());
      // The keypoints' own extent against the box: collapsed or exploded skeletons are misfits.
      double extent = Math.min(2.0, Math.sqrt(Math.max(0, (x1 - x0) * (y1 - y0)) / boxArea));
      // A pose that repeats a better-ranked one (same person found twice) is a false positive.
      double overlap = 0;
      for (int j = 0; j < n; j++) {
        if (j != i && (legacy[j] > legacy[i] || (legacy[j] == legacy[i] && j < i))) {
          overlap = Math.max(overlap, similarity.similarity(keypoints.get(j), boxes.get(j).area(),
              kp, b.area()));
        }
      }
      double[] heat = jointMeans(heatmapStats == null ? null : heatmapStats.get(i), k);
      double[] row = new double[] {b.score(), sum / k, legacy[i], (double) confident / k, max, min,
          Math.log(Math.min(1.0, boxArea / imageArea)), extent, overlap,
          Math.log(Math.max(1e-4, b.score())), Math.log(Math.max(1e-4, sum / k)),
          Math.log(Math.max(1.0, b.h())), Math.log(Math.max(1e-6, legacy[i])),
          Math.log(Math.max(1e-3, b.h()) / Math.max(1e-3, b.w())), 0, 0, 0, 0, 0};
      System.arraycopy(heat, 0, row, NAMES.indexOf("heatmap_peak"), heat.length);
      out[i] = row;
    }
    return out;
  }

  /** Each {@link HeatmapStats} statistic averaged over the {@code k} joints; NaN when absent. */
  static double[] jointMeans(float[] stats, int k) {
    double[] out = new double[HeatmapStats.PER_JOINT];
    if (stats == null || stats.length != k * HeatmapStats.PER_JOINT) {
      java.util.Arrays.fill(out, Double.NaN);
      return out;
    }
    for (int j = 0; j < k; j++) {
      for (int s = 0; s < out.length; s++) {
        out[s] += stats[j * HeatmapStats.PER_JOINT + s];
      }
    }
    for (int s = 0; s < out.length; s++) {
      out[s] /= k;
    }
    return out;
  }
}
