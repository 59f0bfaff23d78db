package posespark.models.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import posespark.models.ensemble.ModelRunner;
import posespark.models.geometry.BilinearCropper;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;

/**
 * Person boxes from NanoDet's anchor-free head. The image is letterboxed into the square input
 * (RGB in [0, 1]); per stride the model gives, for every cell of the {@code (size / stride)²} grid
 * (row-major), sigmoid class scores and a GFL box: 4 sides (left, top, right, bottom) × {@code
 * bins} logits. A side's distance is the expectation of the softmax over the bins times the stride,
 * measured from the cell centre {@code ((col + 0.5) · stride, (row + 0.5) · stride)}. Person cells
 * scoring at least {@link #CANDIDATE_SCORE} become boxes, the head's duplicates are merged by hard
 * NMS at {@link #HEAD_NMS_IOU} (NanoDet's own post-processing), and the {@link BoxFilter} applies
 * on top. The converted graph takes any batch, so all images of a call run together.
 */
public final class NanoDetDetector implements PersonDetector {

  /** Cells scoring below this are not decoded (NanoDet's own test-time floor). */
  static final double CANDIDATE_SCORE = 0.05;
  /** IoU of NanoDet's own NMS over its cells. */
  static final double HEAD_NMS_IOU = 0.6;

  private final ModelRunner runner;
  private final int inputSize;
  private final int[] strides;
  private final int classes;
  private final int bins;
  private final int personClass;
  private final BoxFilter filter;

  /**
   * @param strides     strides of the outputs {@code scores_stride<s>} / {@code boxes_stride<s>}
   * @param classes     class scores per cell
   * @param bins        distribution bins per box side ({@code reg_max + 1})
   */
  public NanoDetDetector(ModelRunner runner, int inputSize, int[] strides, int classes, int bins,
      int personClass, BoxFilter filter) {
    this.runner = runner;
    this.inputSize = inputSize;
    this.strides = strides.clone();
    this.classes = classes;
    this.bins = bins;
    this.personClass = personClass;
    this.filter = filter;
  }

  @Override
  public List<List<Box>> detect(List<DecodedImage> images) {
    List<List<Box>> out = new ArrayList<>(images.size());
    for (List<Box> raw : raw(images)) {
      out.add(filter.apply(raw));
    }
    return out;
  }

  /** Person boxes per image after the head's own NMS, before the {@link BoxFilter}. */
  public List<List<Box>> raw(List<DecodedImage> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    int n = images.size();
    int plane = inputSize * inputSize * 3;
    float[] pixels = new float[n * plane];
    CropWindow[] windows = new CropWindow[n];
    for (int i = 0; i < n; i++) {
      windows[i] = Letterbox.window(images.get(i));
      BilinearCropper.crop(images.get(i), windows[i], inputSize, inputSize, false, pixels, i * plane);
    }
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] /= 255f;
    }
    List<String> keys = new ArrayList<>();
    for (int s : strides) {
      keys.add(scoresKey(s));
      keys.add(boxesKey(s));
    }
    Map<String, float[]> result = runner.run(pixels, false, new long[] {n, inputSize, inputSize, 3}, keys);
    List<List<Box>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Box> candidates = new ArrayList<>();
      for (int s : strides) {
        int grid = inputSize / s;
        int cells = grid * grid;
        decodeStride(result.get(scoresKey(s)), result.get(boxesKey(s)), i * cells, cells, grid, s,
            windows[i], images.get(i).width(), images.get(i).height(), candidates);
      }
      out.add(BoxSuppression.nms(candidates, HEAD_NMS_IOU));
    }
    return out;
  }

  /**
   * Adds the person boxes of one stride of one image: cells {@code first … first + cells - 1} of
   * the flat {@code [N · cells, classes]} scores and {@code [N · cells, 4 · bins]} boxes.
   */
  void decodeStride(float[] scores, float[] boxes, int first, int cells, int grid, int stride,
      CropWindow window, int width, int height, List<Box> into) {
    double[] side = new double[4];
    for (int c = 0; c < cells; c++) {
      float score = scores[(first + c) * classes + personClass];
      if (!(score >= CANDIDATE_SCORE)) {
        continue;
      }
      int base = (first + c) * 4 * bins;
      for (int k = 0; k < 4; k++) {
        side[k] = expectedBin(boxes, base + k * bins) * stride;
      }
      double cx = (c % grid + 0.5) * stride;
      double cy = (c / grid + 0.5) * stride;
      double x1 = clamp(window.imageX((cx - side[0]) / inputSize), width);
      double y1 = clamp(window.imageY((cy - side[1]) / inputSize), height);
      double x2 = clamp(window.imageX((cx + side[2]) / inputSize), width);
      double y2 = clamp(window.imageY((cy + side[3]) / inputSize), height);
      if (x2 > x1 && y2 > y1) {
        into.add(new Box(x1, y1, x2 - x1, y2 - y1, score));
      }
    }
  }

  /** Expectation of the bin index under the softmax of {@code bins} logits starting at {@code from}. */
  private double expectedBin(float[] logits, int from) {
    double max = Double.NEGATIVE_INFINITY;
    for (int b = 0; b < bins; b++) {
      max = Math.max(max, logits[from + b]);
    }
    double sum = 0;
    double weighted = 0;
    for (int b = 0; b < bins; b++) {
      double e = Math.exp(logits[from + b] - max);
      sum += e;
      weighted += b * e;
    }
    return weighted / sum;
  }

  static String scoresKey(int stride) {
    return "scores_stride" + stride;
  }

  static String boxesKey(int stride) {
    return "boxes_stride" + stride;
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
