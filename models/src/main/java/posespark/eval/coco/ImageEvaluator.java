package posespark.eval.coco;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import posespark.models.keypoints.Oks;

/**
 * pycocotools' {@code computeIoU}/{@code computeOks} and {@code evaluateImg} for one image and one
 * category: greedy matching of score-sorted detections to ground truths, per area range and
 * threshold, with the reference's crowd and ignore rules. Stateless and thread-safe.
 */
public final class ImageEvaluator {

  /** pycocotools caps the threshold just below 1 so that a perfect match still counts at 1.0. */
  private static final double MAX_IOU = 1 - 1e-10;

  private final EvalParams params;
  private final Oks oks;
  private final double[] variances;

  public ImageEvaluator(EvalParams params) {
    this.params = params;
    this.oks = new Oks(params.sigmas());
    double[] sigmas = params.sigmas();
    variances = new double[sigmas.length];
    for (int k = 0; k < sigmas.length; k++) {
      variances[k] = (sigmas[k] * 2) * (sigmas[k] * 2);
    }
  }

  /** Orders detections as {@code np.argsort(-score, kind='mergesort')} over input order does. */
  public static final Comparator<Detection> REFERENCE_ORDER =
      Comparator.comparingDouble(Detection::score).reversed().thenComparingLong(Detection::seq);

  /**
   * Evaluates one image and category.
   *
   * @param gts the image's ground truths of this category, in file order
   * @param dts the image's detections of this category (any order; {@code seq} breaks ties)
   * @return {@code null} when there is neither a ground truth nor a detection (as pycocotools)
   */
  public ImageEval evaluate(long imageId, int categoryId, List<GtAnnotation> gts, List<Detection> dts) {
    if (gts.isEmpty() && dts.isEmpty()) {
      return null;
    }
    List<Detection> sorted = new ArrayList<>(dts);
    sorted.sort(REFERENCE_ORDER);
    int numDets = Math.min(sorted.size(), params.maxDet());
    List<Detection> dt = sorted.subList(0, numDets);
    int numGts = gts.size();
    double[][] ious = computeIou(gts, dt);

    double[] iouThrs = params.iouThrs();
    double[][] areaRng = params.areaRng();
    int numThr = iouThrs.length;
    int numAreas = areaRng.length;
    byte[] status = new byte[numAreas * numThr * numDets];
    int[] gtCounts = new int[numAreas];
    KeypointTally tally = params.iouType() == IouType.KEYPOINTS
        ? new KeypointTally(params.keypointCount()) : null;

    for (int a = 0; a < numAreas; a++) {
      double lo = areaRng[a][0];
      double hi = areaRng[a][1];
      // gtind: a stable sort that puts ignored ground truths last.
      int[] order = new int[numGts];
      boolean[] gtIg = new boolean[numGts];
      int n = 0;
      for (int pass = 0; pass < 2; pass++) {
        for (int g = 0; g < numGts; g++) {
          GtAnnotation gt = gts.get(g);
          boolean ignore = gt.ignored(params.iouType()) || gt.area() < lo || gt.area() > hi;
          if (ignore == (pass == 1)) {
            gtIg[n] = ignore;
            order[n++] = g;
          }
        }
      }
      int counted = 0;
      for (int g = 0; g < numGts; g++) {
        counted += gtIg[g] ? 0 : 1;
      }
      gtCounts[a] = counted;

      for (int t = 0; t < numThr; t++) {
        boolean[] gtMatched = new boolean[numGts];
        int base = (a * numThr + t) * numDets;
        for (int d = 0; d < numDets; d++) {
          int m = -1;
          if (ious != null) {
            double iou = Math.min(iouThrs[t], MAX_IOU);
            for (int j = 0; j < numGts; j++) {
              GtAnnotation gt = gts.get(order[j]);
              if (gtMatched[j] && !gt.crowd()) {
                continue;
              }
              // Once matched to a counted ground truth, ignored ones (sorted last) cannot replace it.
              if (m > -1 && !gtIg[m] && gtIg[j]) {
                break;
              }
              double v = ious[d][order[j]];
              if (v < iou) {
                continue;
              }
              iou = v;
              m = j;
            }
          }
          boolean dtIgnore = false;
          boolean matchedNonZero = false;
          if (m > -1) {
            GtAnnotation gt = gts.get(order[m]);
            dtIgnore = gtIg[m];
            // pycocotools stores the ground truth's id and tests "!= 0": an id of 0 reads as unmatched.
            matchedNonZero = gt.id() != 0;
            gtMatched[m] = true;
            if (tally != null && t == 0 && a == 0 && !dtIgnore && matchedNonZero) {
              tallyKeypoints(tally, gt, dt.get(d));
            }
          }
          if (!matchedNonZero) {
            double area = dt.get(d).area();
            dtIgnore |= area < lo || area > hi;
          }
          status[base + d] = dtIgnore ? ImageEval.IGNORED : matchedNonZero ? ImageEval.TP : ImageEval.FP;
        }
      }
    }
    double[] scores = new double[numDets];
    long[] seqs = new long[numDets];
    for (int d = 0; d < numDets; d++) {
      scores[d] = dt.get(d).score();
      seqs[d] = dt.get(d).seq();
    }
    return new ImageEval(imageId, categoryId, scores, seqs, status, gtCounts, tally);
  }

  /** {@code ious[d][g]}, or {@code null} when either side is empty. */
  private double[][] computeIou(List<GtAnnotation> gts, List<Detection> dts) {
    if (gts.isEmpty() || dts.isEmpty()) {
      return null;
    }
    double[][] ious = new double[dts.size()][gts.size()];
    for (int g = 0; g < gts.size(); g++) {
      GtAnnotation gt = gts.get(g);
      for (int d = 0; d < dts.size(); d++) {
        ious[d][g] = params.iouType() == IouType.KEYPOINTS
            ? oks.compute(gt.keypoints(), gt.bbox(), gt.area(), dts.get(d).keypoints())
            : boxIou(dts.get(d).bbox(), gt.bbox(), gt.crowd());
      }
    }
    return ious;
  }

  /**
   * pycocotools' {@code bbIou} (maskApi.c): for a crowd ground truth the union is the detection's
   * own area, so a detection inside a crowd region matches it fully.
   */
  static double boxIou(double[] dt, double[] gt, boolean crowd) {
    double w = Math.min(dt[2] + dt[0], gt[2] + gt[0]) - Math.max(dt[0], gt[0]);
    if (w <= 0) {
      return 0;
    }
    double h = Math.min(dt[3] + dt[1], gt[3] + gt[1]) - Math.max(dt[1], gt[1]);
    if (h <= 0) {
      return 0;
    }
    double da = dt[2] * dt[3];
    double ga = gt[2] * gt[3];
    double i = w * h;
    double u = crowd ? da : da + ga - i;
    return i / u;
  }

  private void tallyKeypoints(KeypointTally tally, GtAnnotation gt, Detection dt) {
    double[] g = gt.keypoints();
    double[] d = dt.keypoints();
    for (int k = 0; k < variances.length; k++) {
      if (g[3 * k + 2] > 0) {
        double dx = d[3 * k] - g[3 * k];
        double dy = d[3 * k + 1] - g[3 * k + 1];
        double e = (dx * dx + dy * dy) / variances[k] / (gt.area() + Oks.EPS) / 2;
        tally.add(k, Math.exp(-e));
      }
    }
  }
}
