package posespark.models.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import posespark.models.geometry.Box;

/**
 * Weighted box fusion (Solovyev, Wang and Gabruseva 2019, "Weighted boxes fusion: ensembling boxes
 * from different object detection models") for the boxes of one image from several detectors.
 *
 * <p>All boxes are visited by decreasing score. A box joins the first cluster whose fused box
 * overlaps it by more than {@code iouThreshold}, else it starts a new cluster. A cluster's fused
 * box has the score-weighted mean of its members' corners and the mean of their scores. At the
 * end each fused score is multiplied by {@code min(T, n) / T}, with T detectors and n boxes in the
 * cluster: a box only some detectors agree on loses confidence, unlike NMS, which keeps the single
 * best box as it is.
 */
public final class WeightedBoxFusion {

  private final double iouThreshold;

  /** @param iouThreshold overlap above which a box joins a cluster (the paper uses 0.55) */
  public WeightedBoxFusion(double iouThreshold) {
    if (!(iouThreshold > 0 && iouThreshold < 1)) {
      throw new IllegalArgumentException("WBF IoU threshold must be in (0, 1): " + iouThreshold);
    }
    this.iouThreshold = iouThreshold;
  }

  /**
   * Fuses one image's boxes.
   *
   * @param perDetector one list of boxes per detector (each already suppressed within itself)
   * @return fused boxes, highest score first
   */
  public List<Box> fuse(List<List<Box>> perDetector) {
    int detectors = perDetector.size();
    List<Box> all = new ArrayList<>();
    perDetector.forEach(all::addAll);
    all.sort(Comparator.comparingDouble(Box::score).reversed());
    List<Cluster> clusters = new ArrayList<>();
    for (Box box : all) {
      Cluster match = null;
      for (Cluster c : clusters) {
        if (BoxSuppression.iou(c.fused, box) > iouThreshold) {
          match = c;
          break;
        }
      }
      if (match == null) {
        clusters.add(new Cluster(box));
      } else {
        match.add(box);
      }
    }
    List<Box> out = new ArrayList<>(clusters.size());
    for (Cluster c : clusters) {
      double agreement = Math.min(detectors, c.count) / (double) Math.max(1, detectors);
      Box f = c.fused;
      out.add(new Box(f.x(), f.y(), f.w(), f.h(), f.score() * agreement));
    }
    out.sort(Comparator.comparingDouble(Box::score).reversed());
    return out;
  }

  /** A cluster's running sums: score-weighted corners and total score. */
  private static final class Cluster {
    private double x1;
    private double y1;
    private double x2;
    private double y2;
    private double scoreSum;
    private int count;
    private Box fused;

    Cluster(Box first) {
      add(first);
    }

    void add(Box b) {
      double s = b.score();
      x1 += s * b.x();
      y1 += s * b.y();
      x2 += s * (b.x() + b.w());
      y2 += s * (b.y() + b.h());
      scoreSum += s;
      count++;
      if (scoreSum > 0) {
        double fx1 = x1 / scoreSum;
        double fy1 = y1 / scoreSum;
        fused = new Box(fx1, fy1, x2 / scoreSum - fx1, y2 / scoreSum - fy1, scoreSum / count);
      } else {
        fused = new Box(b.x(), b.y(), b.w(), b.h(), 0);
      }
    }
  }
}
