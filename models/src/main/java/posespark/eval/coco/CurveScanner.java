package posespark.eval.coco;

import java.util.Arrays;

/**
 * Walks detections in pycocotools' global order (per category: score descending, then image id,
 * then per-image input order) and does {@code accumulate}'s cumulative sums and precision envelope
 * on the fly, in O(1) per detection and combination, without keeping the list.
 *
 * <p>For each combination (category, area, maxDets, threshold) it counts true and false positives
 * (ignored detections do not move either sum, so they are skipped: they cannot change the
 * envelope), computes {@code rc = tp / npig} and {@code pr = tp / (fp + tp + eps)} exactly as
 * numpy does, and keeps, per recall threshold, the largest precision from the first position
 * whose recall reaches it onwards. Offsets (the counts before this part of the list) let parts of a
 * distributed sort be scanned independently.
 */
public final class CurveScanner {

  private static final double EPS = Math.ulp(1.0);

  private final int numAreas;
  private final int numThr;
  private final int numRec;
  private final int[] maxDets;
  private final double[] recThrs;
  private final long[] npig;
  private final long[] tp;
  private final long[] fp;
  private final long[] tpBase;
  private final long[] fpBase;
  private final int[] nextR;
  private final int[] openStart;
  private final double[] openMax;
  private final double[] seg;

  /**
   * @param npig counted ground truths per {@code k * A + a}
   * @param tpOffset true positives before this part, per combination ({@code null}: none)
   * @param fpOffset false positives before this part, per combination ({@code null}: none)
   */
  public CurveScanner(EvalParams params, int numCats, long[] npig, long[] tpOffset, long[] fpOffset) {
    this.numAreas = params.numAreas();
    this.numThr = params.numThresholds();
    this.numRec = params.numRecall();
    this.maxDets = params.maxDets();
    this.recThrs = params.recThrs();
    this.npig = npig;
    int combos = numCats * numAreas * maxDets.length * numThr;
    tp = tpOffset == null ? new long[combos] : tpOffset.clone();
    fp = fpOffset == null ? new long[combos] : fpOffset.clone();
    tpBase = tp.clone();
    fpBase = fp.clone();
    nextR = new int[combos];
    openStart = new int[combos];
    Arrays.fill(openStart, -1);
    openMax = new double[combos];
    seg = new double[combos * numRec];
    Arrays.fill(seg, -1);
  }

  /** Number of combinations for a category count. */
  public static int combinations(EvalParams params, int numCats) {
    return numCats * params.numAreas() * params.numMaxDets() * params.numThresholds();
  }

  /**
   * Takes the next detection of the global order.
   *
   * @param k category index
   * @param rank position in its image's score order (cut by each maxDets)
   * @param status {@code [a * T + t]} statuses ({@link ImageEval#TP}, ...)
   */
  public void accept(int k, int rank, byte[] status) {
    for (int a = 0; a < numAreas; a++) {
      long gtCount = npig[k * numAreas + a];
      if (gtCount == 0) {
        continue;
      }
      for (int m = 0; m < maxDets.length; m++) {
        if (rank >= maxDets[m]) {
          continue;
        }
        int c0 = ((k * numAreas + a) * maxDets.length + m) * numThr;
        for (int t = 0; t < numThr; t++) {
          byte s = status[a * numThr + t];
          if (s == ImageEval.IGNORED) {
            continue;
          }
          int c = c0 + t;
          if (s == ImageEval.TP) {
            tp[c]++;
          } else {
            fp[c]++;
          }
          step(c, gtCount);
        }
      }
    }
  }

  private void step(int c, long gtCount) {
    double tpd = tp[c];
    double rc = tpd / gtCount;
    double pr = tpd / ((fp[c] + tpd) + EPS);
    int r = nextR[c];
    if (r < numRec && recThrs[r] <= rc) {
      // A new group of recall thresholds is reached here: close the previous one.
      if (openStart[c] >= 0) {
        seg[c * numRec + openStart[c]] = openMax[c];
      }
      openStart[c] = r;
      while (r < numRec && recThrs[r] <= rc) {
        r++;
      }
      nextR[c] = r;
      openMax[c] = pr;
    } else if (openStart[c] >= 0 && pr > openMax[c]) {
      openMax[c] = pr;
    }
  }

  /** This part's counts and precision maxima. */
  public PartialCurves finish() {
    int combos = tp.length;
    long[] tpLocal = new long[combos];
    long[] fpLocal = new long[combos];
    double[] maxPr = new double[combos * numRec];
    Arrays.fill(maxPr, -1);
    for (int c = 0; c < combos; c++) {
      tpLocal[c] = tp[c] - tpBase[c];
      fpLocal[c] = fp[c] - fpBase[c];
      if (openStart[c] < 0) {
        continue;
      }
      seg[c * numRec + openStart[c]] = openMax[c];
      // Group [s, e) of thresholds first reached at one position: max over that position onwards.
      double running = -1;
      int end = nextR[c];
      for (int r = end - 1; r >= 0; r--) {
        double v = seg[c * numRec + r];
        if (v >= 0) {
          running = Math.max(running, v);
          for (int q = r; q < end; q++) {
            maxPr[c * numRec + q] = running;
          }
          end = r;
        }
      }
    }
    return new PartialCurves(tpLocal, fpLocal, maxPr);
  }
}
