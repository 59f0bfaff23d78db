package posespark.eval.coco;

import java.io.Serializable;

/**
 * Per-keypoint breakdown, beyond pycocotools: over the detections matched to a non-ignored person
 * at OKS 0.50 (area "all"), for each keypoint labelled in that person's ground truth, the
 * keypoint similarity {@code ks = exp(-d^2 / (2 s^2 (2 sigma)^2))} (the term OKS averages). Sums
 * and counts only, so tallies of many images add up in any order.
 */
public final class KeypointTally implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] ksSum;
  private final long[] labelled;
  private final long[] within50;
  private final long[] within75;

  public KeypointTally(int keypoints) {
    ksSum = new double[keypoints];
    labelled = new long[keypoints];
    within50 = new long[keypoints];
    within75 = new long[keypoints];
  }

  /** Records keypoint {@code k}'s similarity for one matched person. */
  public void add(int k, double ks) {
    ksSum[k] += ks;
    labelled[k]++;
    if (ks >= 0.5) {
      within50[k]++;
    }
    if (ks >= 0.75) {
      within75[k]++;
    }
  }

  /** Adds another tally into this one; returns this. */
  public KeypointTally merge(KeypointTally other) {
    for (int k = 0; k < ksSum.length; k++) {
      ksSum[k] += other.ksSum[k];
      labelled[k] += other.labelled[k];
      within50[k] += other.within50[k];
      within75[k] += other.within75[k];
    }
    return this;
  }

  public int keypointCount() {
    return ksSum.length;
  }

  /** Labelled keypoints of matched persons. */
  public long labelled(int k) {
    return labelled[k];
  }

  /** Mean keypoint similarity (the keypoint's average contribution to OKS), NaN without data. */
  public double meanSimilarity(int k) {
    return labelled[k] == 0 ? Double.NaN : ksSum[k] / labelled[k];
  }

  /** Share of labelled keypoints with similarity at least 0.5 (a PCK by OKS scale). */
  public double pck50(int k) {
    return labelled[k] == 0 ? Double.NaN : (double) within50[k] / labelled[k];
  }

  /** Share of labelled keypoints with similarity at least 0.75. */
  public double pck75(int k) {
    return labelled[k] == 0 ? Double.NaN : (double) within75[k] / labelled[k];
  }
}
