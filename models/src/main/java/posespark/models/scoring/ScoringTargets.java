package posespark.models.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.GtAnnotation;
import posespark.models.geometry.Box;
import posespark.models.keypoints.Oks;

/**
 * Turns dumped candidates and COCO ground truth into {@link ScoredImage}s: features, the legacy
 * score, and the fitting target, each candidate's OKS with the ground-truth person it is matched to.
 * Matching is greedy in legacy-score order, each person at most once (as COCO's evaluation
 * matches), so a second pose of the same person targets 0.
 */
public final class ScoringTargets {

  /** Box IoU from which an unmatched candidate counts as lying on an ignored person. */
  static final double IGNORED_IOU = 0.5;

  private final Oks oks = new Oks();
  private final PoseFeatures features = new PoseFeatures();
  private final double countMinHeight;

  /** Counts every non-crowd person. */
  public ScoringTargets() {
    this(0);
  }

  /** @param countMinHeight persons whose box is shorter (pixels) are not counted in {@code persons} */
  public ScoringTargets(double countMinHeight) {
    this.countMinHeight = countMinHeight;
  }

  public List<ScoredImage> build(List<CandidateTable.Candidate> candidates, CocoGroundTruth gt) {
    Map<String, List<CandidateTable.Candidate>> groups = new LinkedHashMap<>();
    for (CandidateTable.Candidate c : candidates) {
      groups.computeIfAbsent(c.boxes() + "/" + c.imageId(), k -> new ArrayList<>()).add(c);
    }
    List<ScoredImage> out = new ArrayList<>();
    Map<String, java.util.Set<Long>> seen = new LinkedHashMap<>();
    for (List<CandidateTable.Candidate> g : groups.values()) {
      CandidateTable.Candidate first = g.get(0);
      seen.computeIfAbsent(first.boxes(), k -> new java.util.HashSet<>()).add(first.imageId());
      out.add(image(first.boxes(), first.imageId(), g, first.width(), first.height(), gt));
    }
    // Images where a source found no candidate still count (their persons were all missed).
    for (String source : seen.keySet()) {
      for (long id : gt.imageIds()) {
        if (!seen.get(source).contains(id)) {
          out.add(image(source, id, List.of(), 1, 1, gt));
        }
      }
    }
    out.sort(Comparator.comparing(ScoredImage::source).thenComparingLong(ScoredImage::imageId));
    return out;
  }

  private ScoredImage image(String source, long imageId, List<CandidateTable.Candidate> cands,
      int width, int height, CocoGroundTruth gt) {
    List<Box> boxes = new ArrayList<>();
    List<float[]> kps = new ArrayList<>();
    List<float[]> stats = new ArrayList<>();
    for (CandidateTable.Candidate c : cands) {
      boxes.add(new Box(c.x(), c.y(), c.w(), c.h(), c.boxScore()));
      kps.add(c.keypoints());
      stats.add(c.heatmapStats());
    }
    double[][] f = features.of(boxes, kps, stats, width, height);
    int n = boxes.size();
    double[] legacy = new double[n];
    for (int i = 0; i < n; i++) {
      legacy[i] = f[i][PoseFeatures.NAMES.indexOf("legacy_score")];
    }
    List<GtAnnotation> people = new ArrayList<>();
    List<GtAnnotation> ignored = new ArrayList<>();
    int persons = 0;
    for (GtAnnotation a : gt.annotations(imageId)) {
      persons += !a.crowd() && a.bbox()[3] >= countMinHeight ? 1 : 0;
      if (a.crowd() || a.numKeypoints() == 0) {
        ignored.add(a);
      } else {
        people.add(a);
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(legacy[b], legacy[a]));
    boolean[] taken = new boolean[people.size()];
    double[] target = new double[n];
    boolean[] known = new boolean[n];
    for (int i : order) {
      double best = 0;
      int match = -1;
      double[] dt = toDouble(kps.get(i));
      for (int p = 0; p < people.size(); p++) {
        if (taken[p]) {
          continue;
        }
        GtAnnotation a = people.get(p);
        double s = oks.compute(a.keypoints(), a.bbox(), a.area(), dt);
        if (s > best) {
          best = s;
          match = p;
        }
      }
      // A pose must resemble its person at least loosely (COCO's lowest threshold is 0.5).
      if (match >= 0 && best >= 0.1) {
        taken[match] = true;
        target[i] = best;
        known[i] = true;
        continue;
      }
      known[i] = true;
      for (GtAnnotation a : ignored) {
        if (iou(boxes.get(i), a.bbox()) >= IGNORED_IOU) {
          known[i] = false;
          break;
        }
      }
    }
    return new ScoredImage(source, imageId, boxes, kps, f, legacy, target, known, persons);
  }

  static double iou(Box b, double[] g) {
    double ix = Math.max(0, Math.min(b.x() + b.w(), g[0] + g[2]) - Math.max(b.x(), g[0]));
    double iy = Math.max(0, Math.min(b.y() + b.h(), g[1] + g[3]) - Math.max(b.y(), g[1]));
    double inter = ix * iy;
    double union = b.w() * b.h() + g[2] * g[3] - inter;
    return union <= 0 ? 0 : inter / union;
  }

  private static double[] toDouble(float[] kp) {
    double[] d = new double[kp.length];
    for (int i = 0; i < kp.length; i++) {
      d[i] = kp[i];
    }
    return d;
  }
}
