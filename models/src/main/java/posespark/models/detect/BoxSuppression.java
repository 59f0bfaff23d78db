package posespark.models.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import posespark.models.geometry.Box;

/**
 * Non-maximum suppression of person boxes: classic hard NMS (drop a box whose IoU with a kept,
 * higher-scoring box exceeds a threshold) and Gaussian soft-NMS (Bodla et al. 2017: decay each
 * remaining score by {@code exp(-IoU² / σ)} per kept box, drop below a floor), which CPN's tables
 * show best for top-down pose.
 */
public final class BoxSuppression {

  private BoxSuppression() {}

  /** Intersection over union of two boxes (0 when either has no area). */
  public static double iou(Box a, Box b) {
    double ix = Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x());
    double iy = Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y());
    if (ix <= 0 || iy <= 0) {
      return 0;
    }
    double inter = ix * iy;
    double union = a.area() + b.area() - inter;
    return union > 0 ? inter / union : 0;
  }

  /** Hard NMS: boxes kept, highest score first (ties keep input order). */
  public static List<Box> nms(List<Box> boxes, double iouThreshold) {
    List<Box> order = new ArrayList<>(boxes);
    order.sort(Comparator.comparingDouble(Box::score).reversed());
    List<Box> kept = new ArrayList<>();
    for (Box candidate : order) {
      boolean suppressed = false;
      for (Box k : kept) {
        if (iou(candidate, k) > iouThreshold) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(candidate);
      }
    }
    return kept;
  }

  /**
   * Gaussian soft-NMS: repeatedly keep the best remaining box and decay the others' scores by
   * {@code exp(-iou² / sigma)}; boxes whose score falls below {@code minScore} are dropped.
   * Returns boxes with their decayed scores, in the order they were kept (non-increasing score).
   */
  public static List<Box> softNms(List<Box> boxes, double sigma, double minScore) {
    List<Box> remaining = new ArrayList<>(boxes);
    List<Box> kept = new ArrayList<>();
    while (!remaining.isEmpty()) {
      int best = 0;
      for (int i = 1; i < remaining.size(); i++) {
        if (remaining.get(i).score() > remaining.get(best).score()) {
          best = i;
        }
      }
      Box top = remaining.remove(best);
      if (top.score() < minScore) {
        break;
      }
      kept.add(top);
      for (int i = 0; i < remaining.size(); i++) {
        Box b = remaining.get(i);
        double o = iou(top, b);
        double decayed = b.score() * Math.exp(-(o * o) / sigma);
        remaining.set(i, new Box(b.x(), b.y(), b.w(), b.h(), decayed));
      }
    }
    return kept;
  }
}
