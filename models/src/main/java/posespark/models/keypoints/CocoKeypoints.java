package posespark.models.keypoints;

import java.util.List;

/**
 * The COCO person-keypoint schema: 17 keypoints in COCO's order, their OKS sigmas, the
 * left/right pairs a horizontal flip swaps, and the skeleton (limbs) COCO draws.
 *
 * <p>Every table, model card and codec in posespark speaks in this order; models with other
 * landmark sets map their channels into it (see each model card's {@code coco_channels}).
 */
public final class CocoKeypoints {

  /** Number of COCO person keypoints. */
  public static final int COUNT = 17;

  /** Names in COCO order (index = keypoint id - 1 in COCO's 1-based skeleton). */
  public static final List<String> NAMES = List.of(
      "nose", "left_eye", "right_eye", "left_ear", "right_ear",
      "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
      "left_wrist", "right_wrist", "left_hip", "right_hip",
      "left_knee", "right_knee", "left_ankle", "right_ankle");

  /** COCO's published per-keypoint values; pycocotools divides them by 10.0 to get the sigmas. */
  private static final double[] SIGMAS_TIMES_TEN = {
      .26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89};

  /** Index each keypoint takes after a horizontal flip (left and right swap). */
  private static final int[] FLIP_INDEX = {0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15};

  /** COCO's skeleton as 0-based index pairs. */
  private static final int[][] SKELETON = {
      {15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12}, {5, 6}, {5, 7},
      {6, 8}, {7, 9}, {8, 10}, {1, 2}, {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}};

  private CocoKeypoints() {}

  /**
   * COCO's OKS sigmas, computed as pycocotools does ({@code value / 10.0}) so that every bit
   * matches the reference.
   */
  public static double[] sigmas() {
    double[] sigmas = new double[COUNT];
    for (int k = 0; k < COUNT; k++) {
      sigmas[k] = SIGMAS_TIMES_TEN[k] / 10.0;
    }
    return sigmas;
  }

  /** Flip permutation: keypoint {@code i} of a mirrored image is keypoint {@code flipIndex()[i]}. */
  public static int[] flipIndex() {
    return FLIP_INDEX.clone();
  }

  /** Limbs as 0-based keypoint index pairs. */
  public static int[][] skeleton() {
    int[][] copy = new int[SKELETON.length][];
    for (int i = 0; i < SKELETON.length; i++) {
      copy[i] = SKELETON[i].clone();
    }
    return copy;
  }

  /** Index of a keypoint name, or -1. */
  public static int indexOf(String name) {
    return NAMES.indexOf(name);
  }
}
