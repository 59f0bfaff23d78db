package posespark.models.detect;

import java.util.ArrayList;
import java.util.List;
import posespark.models.geometry.Box;

/**
 * What the pose stage gets from raw person boxes: a score threshold, then hard NMS or Gaussian
 * soft-NMS, then at most {@code maxPersons} boxes, best first.
 *
 * @param scoreThreshold drop boxes scoring below (also the soft-NMS floor)
 * @param softNms        true: Gaussian soft-NMS with {@code sigma}; false: hard NMS at {@code iou}
 * @param iou            hard NMS IoU threshold
 * @param sigma          soft-NMS Gaussian sigma
 * @param maxPersons     most boxes kept per image
 */
public record BoxFilter(double scoreThreshold, boolean softNms, double iou, double sigma,
    int maxPersons) {

  /** Applies threshold, suppression and the cap. */
  public List<Box> apply(List<Box> boxes) {
    List<Box> confident = new ArrayList<>();
    for (Box b : boxes) {
      if (b.score() >= scoreThreshold && b.w() > 0 && b.h() > 0) {
        confident.add(b);
      }
    }
    List<Box> kept = softNms ? BoxSuppression.softNms(confident, sigma, scoreThreshold)
        : BoxSuppression.nms(confident, iou);
    return kept.size() > maxPersons ? List.copyOf(kept.subList(0, maxPersons)) : kept;
  }
}
