package posespark.eval.coco;

import java.util.Locale;

/** What a detection is compared with a ground truth by: pycocotools' {@code iouType}. */
public enum IouType {
  /** Object keypoint similarity (OKS) of person keypoints. */
  KEYPOINTS,
  /** Intersection over union of boxes. */
  BBOX;

  /** Parses {@code keypoints} or {@code bbox} (pycocotools' spelling). */
  public static IouType parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "keypoints":
        return KEYPOINTS;
      case "bbox":
        return BBOX;
      default:
        throw new IllegalArgumentException("iou type must be keypoints or bbox, not '" + text + "'");
    }
  }

  /** pycocotools' name. */
  public String cocoName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
