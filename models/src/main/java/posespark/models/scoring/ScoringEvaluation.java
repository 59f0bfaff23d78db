package posespark.models.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.Detection;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.GtAnnotation;
import posespark.eval.coco.ImageEval;
import posespark.eval.coco.ImageEvaluator;
import posespark.models.keypoints.OksNms;
import posespark.models.report.AccuracyReport;

/**
 * What a pose score does to a set of {@link ScoredImage}s, replaying the pipeline's last step
 * (OKS-NMS 0.9 by that score): keypoint AP over all kept candidates, the per-image person count
 * error at a threshold, calibration against the OKS targets, and recall by person size.
 */
public final class ScoringEvaluation {

  /** Per-image scores of a scoring (legacy or model). */
  public interface Scores extends Function<ScoredImage, double[]> {}

  private final List<ScoredImage> images;
  private final Scores scores;
  private final List<double[]> perImage = new ArrayList<>();
  private final List<List<Integer>> kept = new ArrayList<>();

  public ScoringEvaluation(List<ScoredImage> images, Scores scores) {
    this.images = images;
    this.scores = scores;
    OksNms nms = new OksNms(OksNms.DEFAULT_THRESHOLD);
    for (ScoredImage im : images) {
      double[] s = scores.apply(im);
      double[] areas = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        areas[i] = im.boxes().get(i).area();
      }
      perImage.add(s);
      kept.add(nms.keep(im.keypoints(), s, areas));
    }
  }

  /** COCO keypoint stats (AP first) over every kept candidate. */
  public double[] cocoStats(CocoGroundTruth gt) {
    EvalParams params = EvalParams.keypoints();
    ImageEvaluator evaluator = new ImageEvaluator(params);
    List<ImageEval> evals = new ArrayList<>();
    for (int m = 0; m < images.size(); m++) {
      ScoredImage im = images.get(m);
      List<Detection> dets = new ArrayList<>();
      for (int i : kept.get(m)) {
        dets.add(AccuracyReport.detection(im.imageId(), dets.size(), perImage.get(m)[i],
            im.keypoints().get(i)));
      }
      evals.addAll(CocoEvaluator.evaluateImage(evaluator, gt.catIds(), im.imageId(),
          gt.annotations(im.imageId()), dets));
    }
    CocoEvalResult r = CocoEvaluator.accumulate(params, gt.catIds(), evals);
    return r.stats();
  }

  /** Persons counted in each image: kept candidates scoring at least {@code threshold}. */
  public int[] counts(double threshold) {
    int[] out = new int[images.size()];
    for (int m = 0; m < images.size(); m++) {
      for (int i : kept.get(m)) {
        out[m] += perImage.get(m)[i] >= threshold ? 1 : 0;
      }
    }
    return out;
  }

  /** Mean absolute error of {@link #counts} against the ground-truth person counts. */
  public double countMae(double threshold) {
    int[] c = counts(threshold);
    double sum = 0;
    for (int m = 0; m < c.length; m++) {
      sum += Math.abs(c[m] - images.get(m).persons());
    }
    return c.length == 0 ? 0 : sum / c.length;
  }

  /** Mean signed error (counted − true): negative = undercounting. */
  public double countBias(double threshold) {
    int[] c = counts(threshold);
    double sum = 0;
    for (int m = 0; m < c.length; m++) {
      sum += c[m] - images.get(m).persons();
    }
    return c.length == 0 ? 0 : sum / c.length;
  }

  /** The threshold in {0.005, 0.010, ..., 0.995} with the smallest count MAE (the lowest on ties). */
  public double bestThreshold() {
    double best = Double.NaN;
    double bestMae = Double.POSITIVE_INFINITY;
    for (int t = 1; t < 200; t++) {
      double mae = countMae(t / 200.0);
      if (mae < bestMae - 1e-12) {
        bestMae = mae;
        best = t / 200.0;
      }
    }
    return best;
  }

  /**
   * Reliability bins over kept candidates of known OKS: per bin of width 1/{@code bins}, the count,
   * mean score and mean OKS target.
   */
  public double[][] reliability(int bins) {
    double[][] out = new double[bins][3];
    for (int m = 0; m < images.size(); m++) {
      ScoredImage im = images.get(m);
      for (int i : kept.get(m)) {
        if (!im.known()[i]) {
          continue;
        }
        double s = Math.min(1, Math.max(0, perImage.get(m)[i]));
        int b = Math.min(bins - 1, (int) (s * bins));
        out[b][0]++;
        out[b][1] += s;
        out[b][2] += im.target()[i];
      }
    }
    for (double[] b : out) {
      if (b[0] > 0) {
        b[1] /= b[0];
        b[2] /= b[0];
      }
    }
    return out;
  }

  /** Expected calibration error: count-weighted mean |mean score − mean OKS| over the bins. */
  public double ece(int bins) {
    double[][] r = reliability(bins);
    double n = 0;
    double sum = 0;
    for (double[] b : r) {
      n += b[0];
      sum += b[0] * Math.abs(b[1] - b[2]);
    }
    return n == 0 ? 0 : sum / n;
  }

  /**
   * Recall of ground-truth persons (non-crowd) by a kept candidate scoring at least
   * {@code threshold} (box IoU ≥ 0.5, greedy by score), per bucket of {@code bucket(annotation)}.
   *
   * @return per bucket {found, total}
   */
  public int[][] recall(CocoGroundTruth gt, double threshold, int buckets,
      java.util.function.ToIntFunction<GtAnnotation> bucket) {
    int[][] out = new int[buckets][2];
    for (int m = 0; m < images.size(); m++) {
      ScoredImage im = images.get(m);
      double[] s = perImage.get(m);
      List<GtAnnotation> persons = new ArrayList<>();
      for (GtAnnotation a : gt.annotations(im.imageId())) {
        if (!a.crowd()) {
          persons.add(a);
        }
      }
      boolean[] found = new boolean[persons.size()];
      List<Integer> order = new ArrayList<>(kept.get(m));
      order.sort((a, b) -> Double.compare(s[b], s[a]));
      for (int i : order) {
        if (s[i] < threshold) {
          break;
        }
        int best = -1;
        double bestIou = ScoringTargets.IGNORED_IOU;
        for (int p = 0; p < persons.size(); p++) {
          double iou = ScoringTargets.iou(im.boxes().get(i), persons.get(p).bbox());
          if (!found[p] && iou >= bestIou) {
            bestIou = iou;
            best = p;
          }
        }
        if (best >= 0) {
          found[best] = true;
        }
      }
      for (int p = 0; p < persons.size(); p++) {
        int b = bucket.applyAsInt(persons.get(p));
        if (b >= 0) {
          out[b][1]++;
          out[b][0] += found[p] ? 1 : 0;
        }
      }
    }
    return out;
  }

  /** Total kept candidates at or above the threshold. */
  public int total(double threshold) {
    return Arrays.stream(counts(threshold)).sum();
  }
}
