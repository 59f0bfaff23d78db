package posespark.eval.coco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-JVM evaluator: pycocotools' {@code COCOeval.evaluate(); accumulate(); summarize()}
 * over files. It is the oracle the Spark evaluator is tested against, and the engine for small
 * inputs.
 */
public final class CocoEvaluator {

  private final EvalParams params;

  public CocoEvaluator(EvalParams params) {
    this.params = params;
  }

  /** Reads both files and evaluates. */
  public CocoEvalResult evaluate(Path gtFile, Path resultsFile) {
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, params.iouType(), params.keypointCount());
    Map<Long, List<Detection>> dts = new HashMap<>();
    new CocoJsonReader(params.iouType(), params.keypointCount())
        .readResults(resultsFile, gt::hasImage, d -> dts.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d));
    return evaluate(gt, dts);
  }

  /**
   * Evaluates detections grouped by image (each image's list in input order; every image id must
   * be one of the ground truth's).
   */
  public CocoEvalResult evaluate(CocoGroundTruth gt, Map<Long, List<Detection>> dtsByImage) {
    int[] catIds = gt.catIds();
    ImageEvaluator evaluator = new ImageEvaluator(params);
    List<ImageEval> evals = new ArrayList<>();
    for (long imageId : gt.imageIds()) {
      List<GtAnnotation> gts = gt.annotations(imageId);
      List<Detection> dts = dtsByImage.getOrDefault(imageId, List.of());
      evals.addAll(evaluateImage(evaluator, catIds, imageId, gts, dts));
    }
    return accumulate(params, catIds, evals);
  }

  /** {@code evaluateImg} for every category of one image; skips the empty ones. */
  public static List<ImageEval> evaluateImage(ImageEvaluator evaluator, int[] catIds, long imageId,
      List<GtAnnotation> gts, List<Detection> dts) {
    List<ImageEval> out = new ArrayList<>(1);
    for (int catId : catIds) {
      List<GtAnnotation> g = new ArrayList<>();
      for (GtAnnotation a : gts) {
        if (a.categoryId() == catId) {
          g.add(a);
        }
      }
      List<Detection> d = new ArrayList<>();
      for (Detection x : dts) {
        if (x.categoryId() == catId) {
          d.add(x);
        }
      }
      ImageEval e = evaluator.evaluate(imageId, catId, g, d);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * pycocotools' {@code accumulate} in one JVM: detections of all images sorted by (category,
   * score descending, image id, per-image order) — the order numpy's stable mergesort gives the
   * per-image lists concatenated in image-id order — then scanned once.
   */
  public static CocoEvalResult accumulate(EvalParams params, int[] catIds, List<ImageEval> evals) {
    int numA = params.numAreas();
    int numT = params.numThresholds();
    long[] npig = new long[catIds.length * numA];
    KeypointTally tally = params.iouType() == IouType.KEYPOINTS
        ? new KeypointTally(params.keypointCount()) : null;
    int total = 0;
    for (ImageEval e : evals) {
      int k = Arrays.binarySearch(catIds, e.categoryId());
      for (int a = 0; a < numA; a++) {
        npig[k * numA + a] += e.gtCount(a);
      }
      if (tally != null) {
        tally.merge(e.keypointTally());
      }
      total += e.numDetections();
    }
    int[] evalOf = new int[total];
    int[] detOf = new int[total];
    int n = 0;
    for (int i = 0; i < evals.size(); i++) {
      for (int d = 0; d < evals.get(i).numDetections(); d++) {
        evalOf[n] = i;
        detOf[n++] = d;
      }
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    int[] catIndex = new int[evals.size()];
    for (int i = 0; i < evals.size(); i++) {
      catIndex[i] = Arrays.binarySearch(catIds, evals.get(i).categoryId());
    }
    Arrays.sort(order, (x, y) -> {
      ImageEval ex = evals.get(evalOf[x]);
      ImageEval ey = evals.get(evalOf[y]);
      int c = Integer.compare(catIndex[evalOf[x]], catIndex[evalOf[y]]);
      if (c != 0) {
        return c;
      }
      double sx = ex.score(detOf[x]);
      double sy = ey.score(detOf[y]);
      if (sx != sy) {
        return sx > sy ? -1 : 1;
      }
      c = Long.compare(ex.imageId(), ey.imageId());
      return c != 0 ? c : Integer.compare(detOf[x], detOf[y]);
    });
    CurveScanner scanner = new CurveScanner(params, catIds.length, npig, null, null);
    for (int i : order) {
      ImageEval e = evals.get(evalOf[i]);
      scanner.accept(catIndex[evalOf[i]], detOf[i], e.statusOf(detOf[i], numA, numT));
    }
    return CocoEvalResult.accumulate(params, catIds, npig, scanner.finish(), tally);
  }
}
