package posespark.eval.coco;

import java.io.Serializable;

/**
 * pycocotools' {@code evaluateImg} result for one image and category, over all area ranges, as
 * compact primitive arrays. Detections are in the reference's per-image order (score descending,
 * ties in input order) and cut at the largest {@code maxDets}.
 *
 * <p>{@code status[(a * T + t) * D + d]} is {@link #FP}, {@link #TP} or {@link #IGNORED} for area
 * range {@code a}, threshold {@code t}, detection {@code d}: pycocotools' {@code dtMatches != 0}
 * and {@code dtIgnore} folded into one byte.
 */
public final class ImageEval implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Unmatched, counted: a false positive. */
  public static final byte FP = 0;
  /** Matched to a ground truth (with a non-zero id), counted. */
  public static final byte TP = 1;
  /** Matched to an ignored ground truth, or unmatched outside the area range: not counted. */
  public static final byte IGNORED = 2;

  private final long imageId;
  private final int categoryId;
  private final double[] scores;
  private final long[] seqs;
  private final byte[] status;
  private final int[] gtCounts;
  private final KeypointTally keypointTally;

  public ImageEval(long imageId, int categoryId, double[] scores, long[] seqs, byte[] status,
      int[] gtCounts, KeypointTally keypointTally) {
    this.imageId = imageId;
    this.categoryId = categoryId;
    this.scores = scores;
    this.seqs = seqs;
    this.status = status;
    this.gtCounts = gtCounts;
    this.keypointTally = keypointTally;
  }

  public long imageId() {
    return imageId;
  }

  public int categoryId() {
    return categoryId;
  }

  /** Number of detections kept (at most the largest maxDets). */
  public int numDetections() {
    return scores.length;
  }

  public double score(int d) {
    return scores[d];
  }

  public long seq(int d) {
    return seqs[d];
  }

  /** Status of detection {@code d} at area {@code a} and threshold {@code t} ({@code T} thresholds). */
  public byte status(int a, int t, int numThresholds, int d) {
    return status[(a * numThresholds + t) * scores.length + d];
  }

  /** Statuses of detection {@code d}, {@code [a * T + t]}, for all areas and thresholds. */
  public byte[] statusOf(int d, int numAreas, int numThresholds) {
    byte[] out = new byte[numAreas * numThresholds];
    for (int i = 0; i < out.length; i++) {
      out[i] = status[i * scores.length + d];
    }
    return out;
  }

  /** Ground truths not ignored, per area range (pycocotools' {@code gtIgnore == 0}). */
  public int gtCount(int a) {
    return gtCounts[a];
  }

  /** Per-keypoint similarities of matched persons, or {@code null} for box evaluation. */
  public KeypointTally keypointTally() {
    return keypointTally;
  }
}
