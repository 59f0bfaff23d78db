package posespark.eval.coco;

import java.io.Serializable;

/**
 * One detection (a COCO results entry after pycocotools' {@code loadRes}).
 *
 * @param imageId COCO {@code image_id}
 * @param categoryId COCO {@code category_id}
 * @param seq tie-break order among equal scores of one image: the position in the results file
 *     (or, for the poses table, {@code person_index})
 * @param score detection score (finite, not negative)
 * @param area area used for area ranges, as {@code loadRes} computes it
 * @param bbox {@code [x, y, w, h]}
 * @param keypoints {@code [x, y, score] * K}, or {@code null} when the results carry none
 */
public record Detection(long imageId, int categoryId, long seq, double score, double area,
    double[] bbox, double[] keypoints) implements Serializable {}
