package posespark.models.keypoints;

/**
 * Object keypoint similarity with pycocotools' {@code computeOks} semantics.
 *
 * <p>Keypoints are flat {@code [x1, y1, v1, x2, y2, v2, ...]} arrays in COCO order. For a ground
 * truth with labelled keypoints ({@code v > 0}) the distance is taken over those keypoints only; for
 * one without any, pycocotools measures each detected keypoint's distance to the ground truth's box
 * doubled on every side (zero inside it) and averages over all keypoints. {@code area} is the ground
 * truth's segment area; pycocotools adds {@code eps} (its {@code np.spacing(1)}) to it.
 */
public final class Oks {

  /** {@code np.spacing(1)}, the epsilon pycocotools adds to the area. */
  public static final double EPS = Math.ulp(1.0);

  private final double[] variances;

  /** OKS with COCO's sigmas. */
  public Oks() {
    this(CocoKeypoints.sigmas());
  }

  /** OKS with other per-keypoint sigmas (e.g. CrowdPose's 14). */
  public Oks(double[] sigmas) {
    variances = new double[sigmas.length];
    for (int k = 0; k < sigmas.length; k++) {
      variances[k] = (2 * sigmas[k]) * (2 * sigmas[k]);
    }
  }

  /** Number of keypoints these sigmas describe. */
  public int keypointCount() {
    return variances.length;
  }

  /**
   * OKS between one ground truth and one detection.
   *
   * @param gt ground-truth keypoints {@code [x, y, v] * K}
   * @param gtBox ground-truth box {@code [x, y, w, h]} (used when no keypoint is labelled)
   * @param gtArea ground-truth area
   * @param dt detected keypoints {@code [x, y, score] * K} (the third value is ignored)
   */
  public double compute(double[] gt, double[] gtBox, double gtArea, double[] dt) {
    int k = variances.length;
    int labelled = 0;
    for (int i = 0; i < k; i++) {
      if (gt[3 * i + 2] > 0) {
        labelled++;
      }
    }
    double x0 = gtBox[0] - gtBox[2];
    double x1 = gtBox[0] + 2 * gtBox[2];
    double y0 = gtBox[1] - gtBox[3];
    double y1 = gtBox[1] + 2 * gtBox[3];
    double[] terms = new double[k];
    int n = 0;
    for (int i = 0; i < k; i++) {
      double dx;
      double dy;
      if (labelled > 0) {
        if (gt[3 * i + 2] <= 0) {
          continue;
        }
        dx = dt[3 * i] - gt[3 * i];
        dy = dt[3 * i + 1] - gt[3 * i + 1];
      } else {
        // pycocotools: max(z, x0 - xd) + max(z, xd - x1), the distance outside the doubled box.
        dx = Math.max(0, x0 - dt[3 * i]) + Math.max(0, dt[3 * i] - x1);
        dy = Math.max(0, y0 - dt[3 * i + 1]) + Math.max(0, dt[3 * i + 1] - y1);
      }
      double e = (dx * dx + dy * dy) / variances[i] / (gtArea + EPS) / 2;
      terms[n++] = Math.exp(-e);
    }
    return NumpySum.sum(terms, 0, n) / n;
  }
}
