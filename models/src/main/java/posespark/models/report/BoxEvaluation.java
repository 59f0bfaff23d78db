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
import posespark.models.detect.BoxSuppression;
import posespark.models.geometry.Box;

/**
 * Person boxes against COCO's person boxes on one half of the images: box AP (pycocotools bbox
 * semantics) and recall at IoU 0.5 of the non-crowd persons. Cheap (no pose model), so every
 * fusion variant is compared this way on the choosing half.
 */
final class BoxEvaluation {

  /** One variant on one half. */
  record Row(String label, double ap, double recall, int boxes) {}

  private final CocoGroundTruth gt;

  /** @param gt ground truth read for {@code IouType.BBOX} */
  BoxEvaluation(CocoGroundTruth gt) {
    this.gt = gt;
  }

  Row row(String label, Map<Long, List<Box>> boxes, long[] ids, int parity) {
    EvalParams params = EvalParams.bbox();
    ImageEvaluator evaluator = new ImageEvaluator(params);
    List<ImageEval> evals = new ArrayList<>();
    int persons = 0;
    int recalled = 0;
    int count = 0;
    for (long id : ids) {
      if (id % 2 != parity) {
        continue;
      }
      List<Box> mine = boxes.getOrDefault(id, List.of());
      count += mine.size();
      List<Detection> dets = new ArrayList<>();
      for (Box b : mine) {
        dets.add(new Detection(id, 1, dets.size(), b.score(), b.area(),
            new double[] {b.x(), b.y(), b.w(), b.h()}, null));
      }
      List<GtAnnotation> annotations = gt.annotations(id);
      evals.addAll(CocoEvaluator.evaluateImage(evaluator, gt.catIds(), id, annotations, dets));
      for (GtAnnotation a : annotations) {
        if (a.crowd()) {
          continue;
        }
        persons++;
        Box g = new Box(a.bbox()[0], a.bbox()[1], a.bbox()[2], a.bbox()[3], 1);
        recalled += mine.stream().anyMatch(b -> BoxSuppression.iou(g, b) >= 0.5) ? 1 : 0;
      }
    }
    CocoEvalResult r = CocoEvaluator.accumulate(params, gt.catIds(), evals);
    return new Row(label, r.stats()[0], persons == 0 ? 0 : (double) recalled / persons, count);
  }

  static String markdown(List<Row> rows, Row chosen) {
    StringBuilder md = new StringBuilder();
    md.append("Choosing half (even image ids), person boxes against COCO's:\n\n");
    md.append("| proposals | box AP | box recall at IoU 0.5 | boxes |\n|---|---|---|---|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s%s | %.1f | %.1f%% | %d |%n", r.label(),
          r == chosen ? " (chosen)" : "", 100 * r.ap(), 100 * r.recall(), r.boxes()));
    }
    md.append('\n');
    return md.toString();
  }
}
