package posespark.eval.coco;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import posespark.models.keypoints.NumpySum;

/**
 * pycocotools' {@code accumulate} output ({@code precision[T,R,K,A,M]}, {@code recall[T,K,A,M]},
 * -1 where a category/area has no counted ground truth) and {@code summarize}: the 12 (bbox) or 10
 * (keypoints) stats and their printed lines.
 */
public final class CocoEvalResult {

  private final EvalParams params;
  private final int[] catIds;
  private final double[] precision;
  private final double[] recall;
  private final KeypointTally keypointTally;
  private final double[] stats;
  private final List<String> lines = new ArrayList<>();

  /**
   * Builds the arrays from merged curves.
   *
   * @param npig counted ground truths per {@code k * A + a}
   */
  public static CocoEvalResult accumulate(EvalParams params, int[] catIds, long[] npig,
      PartialCurves curves, KeypointTally tally) {
    int numT = params.numThresholds();
    int numR = params.numRecall();
    int numK = catIds.length;
    int numA = params.numAreas();
    int numM = params.numMaxDets();
    double[] precision = new double[numT * numR * numK * numA * numM];
    double[] recall = new double[numT * numK * numA * numM];
    for (int k = 0; k < numK; k++) {
      for (int a = 0; a < numA; a++) {
        long gtCount = npig[k * numA + a];
        for (int m = 0; m < numM; m++) {
          for (int t = 0; t < numT; t++) {
            int c = ((k * numA + a) * numM + m) * numT + t;
            recall[((t * numK + k) * numA + a) * numM + m] =
                gtCount == 0 ? -1 : (double) curves.tp[c] / gtCount;
            for (int r = 0; r < numR; r++) {
              double q = curves.maxPr[c * numR + r];
              // Recall levels never reached keep precision 0 (pycocotools' swallowed IndexError).
              precision[(((t * numR + r) * numK + k) * numA + a) * numM + m] =
                  gtCount == 0 ? -1 : q < 0 ? 0 : q;
            }
          }
        }
      }
    }
    return new CocoEvalResult(params, catIds, precision, recall, tally);
  }

  private CocoEvalResult(EvalParams params, int[] catIds, double[] precision, double[] recall,
      KeypointTally tally) {
    this.params = params;
    this.catIds = catIds.clone();
    this.precision = precision;
    this.recall = recall;
    this.keypointTally = tally;
    this.stats = params.iouType() == IouType.KEYPOINTS ? summarizeKps() : summarizeDets();
  }

  private double[] summarizeDets() {
    int[] md = params.maxDets();
    return new double[] {
        summarize(true, Double.NaN, "all", md[2]),
        summarize(true, .5, "all", md[2]),
        summarize(true, .75, "all", md[2]),
        summarize(true, Double.NaN, "small", md[2]),
        summarize(true, Double.NaN, "medium", md[2]),
        summarize(true, Double.NaN, "large", md[2]),
        summarize(false, Double.NaN, "all", md[0]),
        summarize(false, Double.NaN, "all", md[1]),
        summarize(false, Double.NaN, "all", md[2]),
        summarize(false, Double.NaN, "small", md[2]),
        summarize(false, Double.NaN, "medium", md[2]),
        summarize(false, Double.NaN, "large", md[2])};
  }

  private double[] summarizeKps() {
    return new double[] {
        summarize(true, Double.NaN, "all", 20),
        summarize(true, .5, "all", 20),
        summarize(true, .75, "all", 20),
        summarize(true, Double.NaN, "medium", 20),
        summarize(true, Double.NaN, "large", 20),
        summarize(false, Double.NaN, "all", 20),
        summarize(false, .5, "all", 20),
        summarize(false, .75, "all", 20),
        summarize(false, Double.NaN, "medium", 20),
        summarize(false, Double.NaN, "large", 20)};
  }

  /** pycocotools' {@code _summarize}: the mean of the selected cells above -1 (numpy's sum order). */
  private double summarize(boolean ap, double iouThr, String areaLbl, int maxDets) {
    double[] iouThrs = params.iouThrs();
    int numT = iouThrs.length;
    int numR = params.numRecall();
    int numK = catIds.length;
    int numA = params.numAreas();
    int numM = params.numMaxDets();
    int a = params.areaRngLbl().indexOf(areaLbl);
    int m = -1;
    int[] md = params.maxDets();
    for (int i = 0; i < md.length; i++) {
      if (md[i] == maxDets) {
        m = i;
      }
    }
    double[] picked = new double[numT * numR * Math.max(numK, 1)];
    int n = 0;
    if (a >= 0 && m >= 0) {
      for (int t = 0; t < numT; t++) {
        if (!Double.isNaN(iouThr) && iouThrs[t] != iouThr) {
          continue;
        }
        if (ap) {
          for (int r = 0; r < numR; r++) {
            for (int k = 0; k < numK; k++) {
              double v = precision[(((t * numR + r) * numK + k) * numA + a) * numM + m];
              if (v > -1) {
                picked[n++] = v;
              }
            }
          }
        } else {
          for (int k = 0; k < numK; k++) {
            double v = recall[((t * numK + k) * numA + a) * numM + m];
            if (v > -1) {
              picked[n++] = v;
            }
          }
        }
      }
    }
    double mean = n == 0 ? -1 : NumpySum.sum(picked, 0, n) / n;
    String iouStr = Double.isNaN(iouThr)
        ? fixed2(iouThrs[0]) + ":" + fixed2(iouThrs[numT - 1]) : fixed2(iouThr);
    lines.add(String.format(Locale.ROOT, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
        ap ? "Average Precision" : "Average Recall", ap ? "(AP)" : "(AR)", iouStr, areaLbl, maxDets,
        fixed(mean, 3)));
    return mean;
  }

  private static String fixed2(double v) {
    return fixed(v, 2);
  }

  /** Python's {@code '{:0.Nf}'}: the exact binary value rounded half-even. */
  static String fixed(double v, int digits) {
    return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  public EvalParams params() {
    return params;
  }

  public int[] catIds() {
    return catIds.clone();
  }

  /** The stats in pycocotools' order (12 for bbox, 10 for keypoints). */
  public double[] stats() {
    return stats.clone();
  }

  /** The summary lines exactly as pycocotools prints them. */
  public List<String> summaryLines() {
    return List.copyOf(lines);
  }

  /** {@code precision[t, r, k, a, m]}. */
  public double precision(int t, int r, int k, int a, int m) {
    return precision[(((t * params.numRecall() + r) * catIds.length + k) * params.numAreas() + a)
        * params.numMaxDets() + m];
  }

  /** {@code recall[t, k, a, m]}. */
  public double recall(int t, int k, int a, int m) {
    return recall[((t * catIds.length + k) * params.numAreas() + a) * params.numMaxDets() + m];
  }

  /** Per-keypoint breakdown (keypoints evaluation), else {@code null}. */
  public KeypointTally keypointTally() {
    return keypointTally;
  }
}
