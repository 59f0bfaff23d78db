package posespark.models.report;

import java.util.List;
import posespark.models.detect.BoxFilter;
import posespark.models.ensemble.Localisation;

/**
 * One decoding configuration the accuracy report evaluates: which members with which weights (a
 * member of weight 0 only lends its centre regression and offsets), flip, the target-person prior,
 * sub-cell localisation, post-Gaussian kernel (0 = none) and the rescoring threshold (NaN = mean
 * of all keypoint scores) and, for detector boxes, the box filter (null: ground-truth boxes).
 */
public record ReportVariant(String label, List<String> members, double[] weights, boolean flip,
    boolean prior, Localisation localisation, int postBlur, double rescoreThreshold,
    BoxFilter boxFilter) {

  /** The same decoding applied to detector boxes kept by {@code filter}. */
  public ReportVariant withBoxes(BoxFilter filter, String boxLabel) {
    return new ReportVariant(label + " | " + boxLabel, members, weights, flip, prior, localisation,
        postBlur, rescoreThreshold, filter);
  }
}
