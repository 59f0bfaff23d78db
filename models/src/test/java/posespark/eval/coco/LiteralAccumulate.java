package posespark.eval.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line-by-line transcription of pycocotools' {@code accumulate} (concatenate, stable sort by
 * score, cumulative sums, envelope from the end, {@code searchsorted(side='left')}) over the
 * same per-image results: the test oracle for {@link CurveScanner}'s streaming version.
 */
final class LiteralAccumulate {

  final double[] precision;
  final double[] recall;

  LiteralAccumulate(EvalParams p, int[] catIds, List<ImageEval> evals) {
    int numT = p.numThresholds();
    int numR = p.numRecall();
    int numK = catIds.length;
    int numA = p.numAreas();
    int numM = p.numMaxDets();
    double[] recThrs = p.recThrs();
    precision = new double[numT * numR * numK * numA * numM];
    recall = new double[numT * numK * numA * numM];
    Arrays.fill(precision, -1);
    Arrays.fill(recall, -1);
    for (int k = 0; k < numK; k++) {
      List<ImageEval> e = new ArrayList<>();
      for (ImageEval x : evals) {
        if (x.categoryId() == catIds[k]) {
          e.add(x);
        }
      }
      if (e.isEmpty()) {
        continue;
      }
      for (int a = 0; a < numA; a++) {
        for (int m = 0; m < numM; m++) {
          int maxDet = p.maxDets()[m];
          List<double[]> rows = new ArrayList<>(); // {score, imageRank, det}
          List<ImageEval> owner = new ArrayList<>();
          long npig = 0;
          for (ImageEval x : e) {
            for (int d = 0; d < Math.min(maxDet, x.numDetections()); d++) {
              rows.add(new double[] {x.score(d), d});
              owner.add(x);
            }
            npig += x.gtCount(a);
          }
          Integer[] inds = new Integer[rows.size()];
          for (int i = 0; i < inds.length; i++) {
            inds[i] = i;
          }
          // np.argsort(-dtScores, kind='mergesort'): stable.
          Arrays.sort(inds, (i, j) -> Double.compare(-rows.get(i)[0], -rows.get(j)[0]));
          if (npig == 0) {
            continue;
          }
          for (int t = 0; t < numT; t++) {
            int nd = inds.length;
            double[] tp = new double[nd];
            double[] fp = new double[nd];
            long tps = 0;
            long fps = 0;
            for (int i = 0; i < nd; i++) {
              ImageEval x = owner.get(inds[i]);
              byte s = x.status(a, t, numT, (int) rows.get(inds[i])[1]);
              tps += s == ImageEval.TP ? 1 : 0;
              fps += s == ImageEval.FP ? 1 : 0;
              tp[i] = tps;
              fp[i] = fps;
            }
            double[] rc = new double[nd];
            double[] pr = new double[nd];
            for (int i = 0; i < nd; i++) {
              rc[i] = tp[i] / npig;
              pr[i] = tp[i] / (fp[i] + tp[i] + Math.ulp(1.0));
            }
            recall[((t * numK + k) * numA + a) * numM + m] = nd > 0 ? rc[nd - 1] : 0;
            for (int i = nd - 1; i > 0; i--) {
              if (pr[i] > pr[i - 1]) {
                pr[i - 1] = pr[i];
              }
            }
            for (int r = 0; r < numR; r++) {
              int pi = 0;
              while (pi < nd && rc[pi] < recThrs[r]) {
                pi++;
              }
              double q = pi < nd ? pr[pi] : 0;
              precision[(((t * numR + r) * numK + k) * numA + a) * numM + m] = q;
            }
          }
        }
      }
    }
  }
}
