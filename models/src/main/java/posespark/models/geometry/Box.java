package posespark.models.geometry;

/**
 * An axis-aligned box in image pixels, COCO style: top-left corner plus width and height.
 *
 * @param x     left edge
 * @param y     top edge
 * @param w     width
 * @param h     height
 * @param score detector confidence in [0, 1] (1 for ground-truth boxes)
 */
public record Box(double x, double y, double w, double h, double score) {

  public double centerX() {
    return x + w / 2;
  }

  public double centerY() {
    return y + h / 2;
  }

  public double area() {
    return w * h;
  }
}
