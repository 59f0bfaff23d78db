package posespark.models.multipose;

import java.util.ArrayList;
import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;

/**
 * Decodes MoveNet-multipose's output {@code [1, P, 56]} (P = 6 person slots). Each slot holds 17
 * keypoints as {@code (y, x, score)} with y and x in [0, 1] of the model input, then the person box
 * {@code (ymin, xmin, ymax, xmax)} in the same units and the person score (TF Hub model card). The
 * input window maps them back to image pixels; boxes are clipped to the image.
 */
public final class MultiposeDecoder {

  /** Values per person slot: 17 × 3 keypoint values, 4 box corners, 1 score. */
  public static final int SLOT = 56;
  private static final int KEYPOINTS = 17;
  private static final int BOX = 3 * KEYPOINTS;

  private final double minPersonScore;

  /** @param minPersonScore slots scoring below are empty (the model always fills all six) */
  public MultiposeDecoder(double minPersonScore) {
    this.minPersonScore = minPersonScore;
  }

  /**
   * Persons of one image, best person score first.
   *
   * @param output the model's {@code P × 56} values
   * @param window the image region the model input covered (e.g. the letterbox window)
   */
  public List<MultiposePerson> decode(float[] output, CropWindow window, int imageWidth,
      int imageHeight) {
    if (output.length % SLOT != 0) {
      throw new IllegalArgumentException("multipose output must be person slots of " + SLOT
          + " values, got " + output.length);
    }
    List<MultiposePerson> persons = new ArrayList<>();
    for (int s = 0; s < output.length; s += SLOT) {
      double score = output[s + BOX + 4];
      if (!(score >= minPersonScore)) {
        continue;
      }
      float[] kp = new float[3 * KEYPOINTS];
      for (int k = 0; k < KEYPOINTS; k++) {
        kp[3 * k] = (float) window.imageX(output[s + 3 * k + 1]);
        kp[3 * k + 1] = (float) window.imageY(output[s + 3 * k]);
        kp[3 * k + 2] = output[s + 3 * k + 2];
      }
      double x1 = clamp(window.imageX(output[s + BOX + 1]), imageWidth);
      double y1 = clamp(window.imageY(output[s + BOX]), imageHeight);
      double x2 = clamp(window.imageX(output[s + BOX + 3]), imageWidth);
      double y2 = clamp(window.imageY(output[s + BOX + 2]), imageHeight);
      if (x2 > x1 && y2 > y1) {
        persons.add(new MultiposePerson(new Box(x1, y1, x2 - x1, y2 - y1, score), kp));
      }
    }
    persons.sort((a, b) -> Double.compare(b.box().score(), a.box().score()));
    return persons;
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
