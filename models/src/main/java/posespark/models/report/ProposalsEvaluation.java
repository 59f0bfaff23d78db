package posespark.models.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.Detection;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.GtAnnotation;
import posespark.eval.coco.ImageEval;
import posespark.eval.coco.ImageEvaluator;
import posespark.models.geometry.Box;
import posespark.models.keypoints.Oks;
import posespark.models.keypoints.OksNms;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PoseScorer;

/**
 * Scores one proposals variant on both halves of a COCO folder: keypoint AP (pycocotools-exact)
 * and person recall at OKS 0.5 (the share of labelled, non-crowd persons that some output pose
 * matches with OKS at least 0.5), on even ids (where variants are chosen) and odd ids (reported).
 */
final class ProposalsEvaluation {

  /** The pipeline's last steps: scoring every candidate of an image, then OKS-NMS. */
  record Scoring(PoseScorer scorer, OksNms nms) {
    List<PersonPose> finish(List<Box> boxes, List<float[]> keypoints, int width, int height) {
      double[] scores = scorer.score(boxes, keypoints, width, height);
      double[] areas = boxes.stream().mapToDouble(Box::area).toArray();
      List<PersonPose> out = new ArrayList<>();
      for (int i : nms.keep(keypoints, scores, areas)) {
        out.add(new PersonPose(boxes.get(i), scores[i], keypoints.get(i)));
      }
      return out;
    }
  }

  /** One variant on one half: AP, recall at OKS 0.5, poses output. */
  record Row(String label, double ap, double recall, int poses) {}

  private static final double MATCHED_OKS = 0.5;

  private final CocoGroundTruth gt;
  private final Oks oks = new Oks();

  ProposalsEvaluation(CocoGroundTruth gt) {
    this.gt = gt;
  }

  /** The variant's row over the ids with {@code id % 2 == parity}. */
  Row row(String label, Map<Long, List<PersonPose>> found, long[] ids, int parity) {
    double[] r = evaluate(found, ids, parity);
    int poses = 0;
    for (long id : ids) {
      if (id % 2 == parity) {
        poses += found.getOrDefault(id, List.of()).size();
      }
    }
    return new Row(label, r[0], r[1], poses);
  }

  /** {AP, recall at OKS 0.5} over the ids with {@code id % 2 == parity}. */
  private double[] evaluate(Map<Long, List<PersonPose>> found, long[] ids, int parity) {
    EvalParams params = EvalParams.keypoints();
    ImageEvaluator evaluator = new ImageEvaluator(params);
    List<ImageEval> evals = new ArrayList<>();
    int persons = 0;
    int recalled = 0;
    for (long id : ids) {
      if (id % 2 != parity) {
        continue;
      }
      List<PersonPose> poses = found.getOrDefault(id, List.of());
      List<Detection> dets = new ArrayList<>();
      for (PersonPose p : poses) {
        dets.add(AccuracyReport.detection(id, dets.size(), p.poseScore(), p.keypoints()));
      }
      List<GtAnnotation> annotations = gt.annotations(id);
      evals.addAll(CocoEvaluator.evaluateImage(evaluator, gt.catIds(), id, annotations, dets));
      for (GtAnnotation a : annotations) {
        if (a.crowd() || a.numKeypoints() == 0) {
          continue;
        }
        persons++;
        double best = 0;
        for (PersonPose p : poses) {
          double[] dt = new double[p.keypoints().length];
          for (int k = 0; k < dt.length; k++) {
            dt[k] = p.keypoints()[k];
          }
          best = Math.max(best, oks.compute(a.keypoints(), a.bbox(), a.area(), dt));
        }
        recalled += best >= MATCHED_OKS ? 1 : 0;
      }
    }
    CocoEvalResult r = CocoEvaluator.accumulate(params, gt.catIds(), evals);
    return new double[] {r.stats()[0], persons == 0 ? 0 : (double) recalled / persons};
  }

  /** The odd-id table, one row per variant, then the speed of bottom-up vs top-down. */
  static String markdown(List<Row> rows, double[] seconds, int timedImages, String cpu, String data) {
    StringBuilder md = new StringBuilder();
    md.append("Reporting half (odd image ids), default pose pipeline on each variant's boxes:\n\n");
    md.append("| proposals | AP | person recall at OKS 0.5 | poses |\n|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f%% | %d |%n", r.label(), 100 * r.ap(),
          100 * r.recall(), r.poses()));
    }
    md.append(String.format(Locale.ROOT, "%nSpeed, %d odd-id images of %s, measured side by side in one run "
        + "(alternating batches of 8), CPU: %s:%n%n", timedImages, data, cpu));
    md.append("| pipeline | images/s | s |\n|---|---|---|\n");
    md.append(String.format(Locale.ROOT, "| top-down default (centernet, movenet-thunder + blazepose-heavy, flip) | %.2f | %.1f |%n",
        timedImages / seconds[0], seconds[0]));
    md.append(String.format(Locale.ROOT, "| bottom-up (movenet-multipose) | %.2f | %.1f |%n",
        timedImages / seconds[1], seconds[1]));
    md.append(String.format(Locale.ROOT, "%nBottom-up is %.1fx the top-down default's images/s.%n",
        seconds[0] / seconds[1]));
    return md.toString();
  }
}
