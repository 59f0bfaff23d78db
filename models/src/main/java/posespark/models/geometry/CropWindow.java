package posespark.models.geometry;

/**
 * The image region a pose model sees: a window centred on a person box, widened to the model's
 * aspect ratio and enlarged by a scale factor so that limbs outside the box stay in view.
 *
 * <p>Coordinates: image pixels are continuous, pixel {@code i} covers {@code [i, i + 1)} and is
 * centred at {@code i + 0.5}. Normalised crop coordinates {@code (u, v)} run from 0 at the
 * window's left/top edge to 1 at its right/bottom edge; {@link #imageX(double)} and
 * {@link #u(double)} are exact inverses.
 *
 * @param centerX window centre, image pixels
 * @param centerY window centre, image pixels
 * @param width   window width, image pixels (positive)
 * @param height  window height, image pixels (positive)
 */
public record CropWindow(double centerX, double centerY, double width, double height) {

  public CropWindow {
    if (!(width > 0) || !(height > 0)) {
      throw new IllegalArgumentException("crop window must have a positive size: " + width + "x" + height);
    }
  }

  /**
   * The window around a box: same centre, the shorter side grown until {@code height / width ==
   * aspectHw}, then both sides multiplied by {@code scale} (1.25 beat 1.5 by ~4 AP here).
   * Degenerate boxes get a one-pixel minimum so the transform stays invertible.
   */
  public static CropWindow around(Box box, double aspectHw, double scale) {
    double w = Math.max(box.w(), 1);
    double h = Math.max(box.h(), 1);
    if (h > w * aspectHw) {
      w = h / aspectHw;
    } else {
      h = w * aspectHw;
    }
    return new CropWindow(box.centerX(), box.centerY(), w * scale, h * scale);
  }

  public double left() {
    return centerX - width / 2;
  }

  public double top() {
    return centerY - height / 2;
  }

  /** Image x of normalised crop coordinate {@code u}. */
  public double imageX(double u) {
    return left() + u * width;
  }

  /** Image y of normalised crop coordinate {@code v}. */
  public double imageY(double v) {
    return top() + v * height;
  }

  /** Normalised crop coordinate of image x. */
  public double u(double imageX) {
    return (imageX - left()) / width;
  }

  /** Normalised crop coordinate of image y. */
  public double v(double imageY) {
    return (imageY - top()) / height;
  }

  /** Pixel area of the window (used to scale keypoint-distance thresholds). */
  public double area() {
    return width * height;
  }
}
