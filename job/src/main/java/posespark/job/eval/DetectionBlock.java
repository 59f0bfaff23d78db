package posespark.job.eval;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Many detections as parallel primitive arrays (category index, score, image id, rank in its image,
 * and {@code A*T} status bytes each): what a partition keeps between stages instead of one object
 * per detection, so caching it costs a few arrays rather than a walk over millions of objects.
 */
final class DetectionBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int statusWidth;
  int size;
  int[] category;
  double[] score;
  long[] imageId;
  int[] rank;
  byte[] status;

  DetectionBlock(int statusWidth, int capacity) {
    this.statusWidth = statusWidth;
    int c = Math.max(capacity, 16);
    category = new int[c];
    score = new double[c];
    imageId = new long[c];
    rank = new int[c];
    status = new byte[c * statusWidth];
  }

  void add(int k, double s, long image, int r, byte[] st) {
    if (size == category.length) {
      int c = 2 * size;
      category = Arrays.copyOf(category, c);
      score = Arrays.copyOf(score, c);
      imageId = Arrays.copyOf(imageId, c);
      rank = Arrays.copyOf(rank, c);
      status = Arrays.copyOf(status, c * statusWidth);
    }
    category[size] = k;
    score[size] = s;
    imageId[size] = image;
    rank[size] = r;
    System.arraycopy(st, 0, status, size * statusWidth, statusWidth);
    size++;
  }

  /** Statuses of detection {@code i} (a copy). */
  byte[] statusOf(int i) {
    return Arrays.copyOfRange(status, i * statusWidth, (i + 1) * statusWidth);
  }

  int statusWidth() {
    return statusWidth;
  }
}
