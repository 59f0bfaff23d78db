package posespark.eval.coco;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import posespark.models.keypoints.CocoKeypoints;

/**
 * pycocotools' {@code Params}: IoU/OKS thresholds, recall thresholds, detections kept per image,
 * area ranges, and (for keypoints) the OKS sigmas. The defaults are bit-identical to the
 * reference's ({@code np.linspace} values included).
 */
public final class EvalParams implements Serializable {

  private static final long serialVersionUID = 1L;

  private final IouType iouType;
  private final double[] iouThrs;
  private final double[] recThrs;
  private final int[] maxDets;
  private final double[][] areaRng;
  private final List<String> areaRngLbl;
  private final double[] sigmas;

  private EvalParams(IouType iouType, int[] maxDets, double[][] areaRng, List<String> areaRngLbl,
      double[] sigmas) {
    this.iouType = iouType;
    this.iouThrs = linspace(.5, 0.95, (int) Math.round((0.95 - .5) / .05) + 1);
    this.recThrs = linspace(.0, 1.00, (int) Math.round((1.00 - .0) / .01) + 1);
    this.maxDets = maxDets;
    this.areaRng = areaRng;
    this.areaRngLbl = areaRngLbl;
    this.sigmas = sigmas;
  }

  /** pycocotools' {@code setKpParams} with COCO's sigmas. */
  public static EvalParams keypoints() {
    return keypoints(CocoKeypoints.sigmas());
  }

  /** Keypoint parameters with other sigmas (e.g. CrowdPose's, as xtcocotools allows). */
  public static EvalParams keypoints(double[] sigmas) {
    double big = 1e5 * 1e5;
    return new EvalParams(IouType.KEYPOINTS, new int[] {20},
        new double[][] {{0, big}, {32 * 32, 96 * 96}, {96 * 96, big}},
        List.of("all", "medium", "large"), sigmas.clone());
  }

  /** pycocotools' {@code setDetParams} (bbox). */
  public static EvalParams bbox() {
    double big = 1e5 * 1e5;
    return new EvalParams(IouType.BBOX, new int[] {1, 10, 100},
        new double[][] {{0, big}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, big}},
        List.of("all", "small", "medium", "large"), CocoKeypoints.sigmas());
  }

  /** Default parameters for an IoU type. */
  public static EvalParams of(IouType type) {
    return type == IouType.KEYPOINTS ? keypoints() : bbox();
  }

  /**
   * {@code np.linspace(start, stop, num)} with numpy's arithmetic: {@code i * step + start} and the
   * last value set to {@code stop}, so the thresholds carry the reference's exact bits.
   */
  static double[] linspace(double start, double stop, int num) {
    double[] y = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      y[i] = i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }

  public IouType iouType() {
    return iouType;
  }

  public double[] iouThrs() {
    return iouThrs.clone();
  }

  public double[] recThrs() {
    return recThrs.clone();
  }

  public int[] maxDets() {
    return maxDets.clone();
  }

  /** The largest number of detections per image that is evaluated at all. */
  public int maxDet() {
    return maxDets[maxDets.length - 1];
  }

  public double[][] areaRng() {
    double[][] copy = new double[areaRng.length][];
    for (int a = 0; a < areaRng.length; a++) {
      copy[a] = areaRng[a].clone();
    }
    return copy;
  }

  public List<String> areaRngLbl() {
    return areaRngLbl;
  }

  public double[] sigmas() {
    return sigmas.clone();
  }

  /** Number of keypoints the sigmas describe. */
  public int keypointCount() {
    return sigmas.length;
  }

  public int numThresholds() {
    return iouThrs.length;
  }

  public int numRecall() {
    return recThrs.length;
  }

  public int numAreas() {
    return areaRng.length;
  }

  public int numMaxDets() {
    return maxDets.length;
  }

  @Override
  public String toString() {
    return "EvalParams[" + iouType.cocoName() + ", maxDets=" + Arrays.toString(maxDets)
        + ", areas=" + areaRngLbl + ", K=" + sigmas.length + "]";
  }
}
