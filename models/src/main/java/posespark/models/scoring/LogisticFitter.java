package posespark.models.scoring;

/**
 * Fits a logistic model {@code p = 1 / (1 + exp(-(b + w·z)))} to targets in [0, 1] (fractional
 * targets allowed: the OKS a pose reaches) by Newton's method on the weighted cross-entropy, with
 * a small ridge penalty on {@code w}; features are standardised first. Deterministic.
 */
public final class LogisticFitter {

  /** Weights and intercept on standardised features, plus the standardisation. */
  public record Fit(double[] mean, double[] scale, double[] weights, double bias, int iterations) {}

  private final double ridge;
  private final int maxIterations;

  /** @param ridge L2 penalty on the weights (on standardised features) */
  public LogisticFitter(double ridge, int maxIterations) {
    this.ridge = ridge;
    this.maxIterations = maxIterations;
  }

  /**
   * @param x       rows of raw features
   * @param y       targets in [0, 1]
   * @param weights per-row weights (0 leaves a row out), or null for all 1
   */
  public Fit fit(double[][] x, double[] y, double[] weights) {
    int n = x.length;
    int d = x[0].length;
    double[] w8 = weights == null ? ones(n) : weights;
    double total = 0;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (int i = 0; i < n; i++) {
      total += w8[i];
      for (int j = 0; j < d; j++) {
        mean[j] += w8[i] * x[i][j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= total;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = x[i][j] - mean[j];
        scale[j] += w8[i] * c * c;
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = Math.sqrt(scale[j] / total);
      if (!(scale[j] > 1e-12)) {
        scale[j] = 1; // a constant feature: its weight stays ~0 under the ridge
      }
    }
    double[][] z = new double[n][d + 1];
    for (int i = 0; i < n; i++) {
      z[i][0] = 1;
      for (int j = 0; j < d; j++) {
        z[i][j + 1] = (x[i][j] - mean[j]) / scale[j];
      }
    }
    double[] beta = new double[d + 1];
    int it = 0;
    for (; it < maxIterations; it++) {
      double[] grad = new double[d + 1];
      double[][] hess = new double[d + 1][d + 1];
      for (int i = 0; i < n; i++) {
        if (w8[i] == 0) {
          continue;
        }
        double p = sigmoid(dot(beta, z[i]));
        double r = w8[i] * (p - y[i]);
        double v = w8[i] * Math.max(p * (1 - p), 1e-12);
        for (int a = 0; a <= d; a++) {
          grad[a] += r * z[i][a];
          for (int b = 0; b <= a; b++) {
            hess[a][b] += v * z[i][a] * z[i][b];
          }
        }
      }
      for (int a = 1; a <= d; a++) {
        grad[a] += ridge * beta[a];
        hess[a][a] += ridge;
      }
      for (int a = 0; a <= d; a++) {
        for (int b = a + 1; b <= d; b++) {
          hess[a][b] = hess[b][a];
        }
      }
      double[] step = solve(hess, grad);
      double size = 0;
      for (int a = 0; a <= d; a++) {
        beta[a] -= step[a];
        size = Math.max(size, Math.abs(step[a]));
      }
      if (size < 1e-10) {
        it++;
        break;
      }
    }
    double[] w = new double[d];
    System.arraycopy(beta, 1, w, 0, d);
    return new Fit(mean, scale, w, beta[0], it);
  }

  static double sigmoid(double t) {
    return 1 / (1 + Math.exp(-t));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] ones(int n) {
    double[] o = new double[n];
    java.util.Arrays.fill(o, 1);
    return o;
  }

  /** Solves {@code a x = b} for symmetric positive definite {@code a} (Cholesky). */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (s <= 0) {
            throw new IllegalStateException("Hessian not positive definite (collinear features?)");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
