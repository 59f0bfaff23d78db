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
    long[] npig = countedGroundTruths(params, catIds, evals);
    KeypointTally tally = params.iouType() == IouType.KEYPOINTS
        ? new KeypointTally(params.keypointCount()) : null;
    for (ImageEval e : evals) {
      if (tally != null) {
        tally.merge(e.keypointTally());
      }
    }
    GlobalOrder order = GlobalOrder.of(evals, catIds);
    CurveScanner scanner = new CurveScanner(params, catIds.length, npig, null, null);
    for (int i = 0; i < order.size(); i++) {
      ImageEval e = evals.get(order.evalOf[i]);
      scanner.accept(order.catIndex[i], order.detOf[i], e.statusOf(order.detOf[i], numA, numT));
    }
    return CocoEvalResult.accumulate(params, catIds, npig, scanner.finish(), tally);
  }

  /** pycocotools' {@code npig}: counted ground truths per {@code k * A + a}. */
  static long[] countedGroundTruths(EvalParams params, int[] catIds, List<ImageEval> evals) {
    int numA = params.numAreas();
    long[] npig = new long[catIds.length * numA];
    for (ImageEval e : evals) {
      int k = Arrays.binarySearch(catIds, e.categoryId());
      for (int a = 0; a < numA; a++) {
        npig[k * numA + a] += e.gtCount(a);
      }
    }
    return npig;
  }

  /** Detections of many image evaluations in the reference's global order. */
  static final class GlobalOrder {
    final int[] evalOf;
    final int[] detOf;
    final int[] catIndex;

    private GlobalOrder(int[] evalOf, int[] detOf, int[] catIndex) {
      this.evalOf = evalOf;
      this.detOf = detOf;
      this.catIndex = catIndex;
    }

    int size() {
      return evalOf.length;
    }

    static GlobalOrder of(List<ImageEval> evals, int[] catIds) {
      int total = 0;
      int[] catOfEval = new int[evals.size()];
      for (int i = 0; i < evals.size(); i++) {
        total += evals.get(i).numDetections();
        catOfEval[i] = Arrays.binarySearch(catIds, evals.get(i).categoryId());
      }
      Integer[] order = new Integer[total];
      int[] evalOf = new int[total];
      int[] detOf = new int[total];
      int n = 0;
      for (int i = 0; i < evals.size(); i++) {
        for (int d = 0; d < evals.get(i).numDetections(); d++) {
          evalOf[n] = i;
          detOf[n] = d;
          order[n] = n;
          n++;
        }
      }
      Arrays.sort(order, (x, y) -> {
        int c = Integer.compare(catOfEval[evalOf[x]], catOfEval[evalOf[y]]);
        if (c != 0) {
          return c;
        }
        double sx = evals.get(evalOf[x]).score(detOf[x]);
        double sy = evals.get(evalOf[y]).score(detOf[y]);
        if (sx != sy) {
          return sx > sy ? -1 : 1;
        }
        c = Long.compare(evals.get(evalOf[x]).imageId(), evals.get(evalOf[y]).imageId());
        return c != 0 ? c : Integer.compare(detOf[x], detOf[y]);
      });
      int[] e = new int[total];
      int[] d = new int[total];
      int[] k = new int[total];
      for (int i = 0; i < total; i++) {
        e[i] = evalOf[order[i]];
        d[i] = detOf[order[i]];
        k[i] = catOfEval[e[i]];
      }
      return new GlobalOrder(e, d, k);
    }
  }
}
