package posespark.eval.coco;

import java.io.Serializable;

/**
 * One ground-truth annotation as the evaluator needs it (a COCO {@code annotations} entry).
 *
 * @param seq position in the file's {@code annotations} (pycocotools matches in this order)
 * @param imageId COCO {@code image_id}
 * @param categoryId COCO {@code category_id}
 * @param id COCO {@code id}; pycocotools records it as the match, and an id of 0 reads as "no match"
 * @param area the file's {@code area} (segment area), used for area ranges and OKS scale
 * @param crowd {@code iscrowd} is non-zero: ignored, and may match many detections
 * @param numKeypoints {@code num_keypoints} (keypoints evaluation only; 0 means ignored)
 * @param bbox {@code [x, y, w, h]}
 * @param keypoints {@code [x, y, v] * K}, or {@code null} for box evaluation
 */
public record GtAnnotation(long seq, long imageId, int categoryId, long id, double area, boolean crowd,
    int numKeypoints, double[] bbox, double[] keypoints) implements Serializable {

  /**
   * pycocotools' {@code ignore} flag of {@code _prepare}: crowd regions, and for keypoints also
   * persons without labelled keypoints. (A file's own {@code ignore} field is overwritten there.)
   */
  public boolean ignored(IouType type) {
    return crowd || (type == IouType.KEYPOINTS && numKeypoints == 0);
  }
}
