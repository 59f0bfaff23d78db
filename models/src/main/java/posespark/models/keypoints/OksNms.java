package posespark.models.keypoints;

import java.util.ArrayList;
import java.util.List;

/**
 * OKS-based non-maximum suppression of poses in one image (HRNet's {@code oks_nms}): poses are
 * visited by decreasing score; a pose is dropped when its OKS with an already kept pose exceeds the
 * threshold (0.9 by default). OKS uses COCO's sigmas and the mean of the two poses' areas, as
 * HRNet's {@code oks_iou}. With a visibility threshold only keypoints confident in BOTH poses
 * count (HRNet's version meant that but its {@code list(a) and list(b)} keeps only the second
 * condition); with none confident the pair never suppresses.
 */
public final class OksNms {

  /** HRNet's default threshold. */
  public static final double DEFAULT_THRESHOLD = 0.9;

  private final Oks oks = new Oks();
  private final double threshold;
  private final double visibilityThreshold;

  /** OKS-NMS at the given threshold over all keypoints. */
  public OksNms(double threshold) {
    this(threshold, Double.NaN);
  }

  /**
   * @param visibilityThreshold NaN to use all keypoints, else the keypoint score both poses must
   *                            exceed for a keypoint to count
   */
  public OksNms(double threshold, double visibilityThreshold) {
    this.threshold = threshold;
    this.visibilityThreshold = visibilityThreshold;
  }

  /**
   * Indices of the poses kept, best first.
   *
   * @param keypoints per pose {@code [x, y, score] × K}
   * @param scores    per pose ranking score
   * @param areas     per pose area (box w × h)
   */
  public List<Integer> keep(List<float[]> keypoints, double[] scores, double[] areas) {
    int n = keypoints.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Stable: equal scores keep input order.
    java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
    List<Integer> kept = new ArrayList<>();
    for (int i : order) {
      boolean suppressed = false;
      for (int k : kept) {
        if (similarity(keypoints.get(k), areas[k], keypoints.get(i), areas[i]) > threshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(i);
      }
    }
    return kept;
  }

  /** OKS between a kept pose (as ground truth) and a candidate, HRNet's {@code oks_iou}. */
  public double similarity(float[] kept, double keptArea, float[] candidate, double candidateArea) {
    int count = oks.keypointCount();
    double[] gt = new double[3 * count];
    double[] dt = new double[3 * count];
    int used = 0;
    for (int k = 0; k < count; k++) {
      gt[3 * k] = kept[3 * k];
      gt[3 * k + 1] = kept[3 * k + 1];
      dt[3 * k] = candidate[3 * k];
      dt[3 * k + 1] = candidate[3 * k + 1];
      boolean counts = Double.isNaN(visibilityThreshold)
          || (kept[3 * k + 2] > visibilityThreshold && candidate[3 * k + 2] > visibilityThreshold);
      gt[3 * k + 2] = counts ? 1 : 0;
      used += counts ? 1 : 0;
    }
    if (used == 0) {
      return 0;
    }
    return oks.compute(gt, new double[] {0, 0, 0, 0}, (keptArea + candidateArea) / 2, dt);
  }
}
