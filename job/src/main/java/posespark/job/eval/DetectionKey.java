package posespark.job.eval;

import java.io.Serializable;

/**
 * Sort key of a detection in pycocotools' global accumulation order: category index, score
 * descending, image id, position in the image's score order. numpy's stable mergesort over the
 * per-image lists concatenated in image-id order yields exactly this order.
 */
public final class DetectionKey implements Comparable<DetectionKey>, Serializable {

  private static final long serialVersionUID = 1L;

  final int category;
  final double score;
  final long imageId;
  final int rank;

  DetectionKey(int category, double score, long imageId, int rank) {
    this.category = category;
    this.score = score;
    this.imageId = imageId;
    this.rank = rank;
  }

  @Override
  public int compareTo(DetectionKey o) {
    if (category != o.category) {
      return Integer.compare(category, o.category);
    }
    if (score != o.score) {
      return score > o.score ? -1 : 1;
    }
    if (imageId != o.imageId) {
      return Long.compare(imageId, o.imageId);
    }
    return Integer.compare(rank, o.rank);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetectionKey && compareTo((DetectionKey) o) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(imageId) * 31 + rank;
  }
}
