package posespark.eval.coco;

import java.io.Serializable;

/**
 * What one run of score-ordered detections (the whole list, or one partition of a distributed
 * sort) contributes to pycocotools' precision: per combination {@code c = ((k*A + a)*M + m)*T + t}
 * the true/false positives it holds, and per recall threshold {@code r} the largest precision
 * among its positions whose recall reaches {@code recThrs[r]} (-1 where none does).
 *
 * <p>Because recall never decreases along the list, "positions reaching recThrs[r]" is a suffix,
 * so pycocotools' interpolated precision {@code max(pr[i_r:])} is the maximum over parts:
 * {@link #merge} is associative and commutative.
 */
public final class PartialCurves implements Serializable {

  private static final long serialVersionUID = 1L;

  final long[] tp;
  final long[] fp;
  final double[] maxPr;

  PartialCurves(long[] tp, long[] fp, double[] maxPr) {
    this.tp = tp;
    this.fp = fp;
    this.maxPr = maxPr;
  }

  /** Counts only (the first pass of the distributed accumulation). */
  public long[] truePositives() {
    return tp.clone();
  }

  public long[] falsePositives() {
    return fp.clone();
  }

  /** Adds counts and keeps the larger precision per cell; returns this. */
  public PartialCurves merge(PartialCurves other) {
    for (int i = 0; i < tp.length; i++) {
      tp[i] += other.tp[i];
      fp[i] += other.fp[i];
    }
    for (int i = 0; i < maxPr.length; i++) {
      maxPr[i] = Math.max(maxPr[i], other.maxPr[i]);
    }
    return this;
  }
}
