package posespark.models.keypoints;

/**
 * Summation in numpy's order ({@code pairwise_sum} of {@code np.add.reduce} on a contiguous
 * float64 array), so that sums agree with the Python reference to the last bit: below 8 terms a
 * plain loop, up to 128 terms eight interleaved accumulators, above that a recursive halving.
 */
public final class NumpySum {

  private static final int BLOCK = 128;

  private NumpySum() {}

  /** Sum of {@code a[from, from + n)} in numpy's order. */
  public static double sum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int half = n / 2;
    half -= half % 8;
    return sum(a, from, half) + sum(a, from + half, n - half);
  }
}
