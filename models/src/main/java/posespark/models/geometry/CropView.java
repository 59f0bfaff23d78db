package posespark.models.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A test-time-augmentation view of a crop: the reference {@link CropWindow} scaled about its
 * centre by {@code scale} and turned by {@code degrees} (positive = the window turns clockwise on
 * screen, image y pointing down, so the person appears turned anticlockwise in the view).
 *
 * <p>Normalised view coordinates {@code (u', v')} run 0..1 over the turned, scaled window as
 * {@code (u, v)} do over the reference window. The map between them needs the window's aspect
 * (rotation acts on pixels, not on normalised units): with {@code d = ((u - ½) W, (v - ½) H)},
 * the view point is {@code ½ + R(-θ) d / (s W, s H)}. {@link #IDENTITY} is the reference itself.
 *
 * @param scale   view size / reference size (positive)
 * @param degrees rotation in degrees
 */
public record CropView(double scale, double degrees) {

  /** The reference crop. */
  public static final CropView IDENTITY = new CropView(1, 0);

  public CropView {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("view scale must be a positive number: " + scale);
    }
    if (!Double.isFinite(degrees)) {
      throw new IllegalArgumentException("view rotation must be a finite number: " + degrees);
    }
  }

  /**
   * The augmented views of {@code scales} and {@code rotations}: each scale ≠ 1 unturned, each
   * rotation ≠ 0 at scale 1 (not their product, whose cost grows as the product); duplicates and
   * the identity dropped. The reference view is not in the list: it always runs.
   */
  public static List<CropView> of(List<Double> scales, List<Double> rotations) {
    List<CropView> out = new ArrayList<>();
    for (double s : scales) {
      add(out, new CropView(s, 0));
    }
    for (double r : rotations) {
      add(out, new CropView(1, r));
    }
    return List.copyOf(out);
  }

  private static void add(List<CropView> out, CropView v) {
    if (!v.isIdentity() && !out.contains(v)) {
      out.add(v);
    }
  }

  public boolean isIdentity() {
    return scale == 1 && degrees == 0;
  }

  /**
   * Image point of view coordinate {@code (u', v')} of this view of {@code window}: {@code {x, y}}.
   */
  public double[] imagePoint(CropWindow window, double uView, double vView) {
    double t = Math.toRadians(degrees);
    double cos = Math.cos(t);
    double sin = Math.sin(t);
    double dx = (uView - 0.5) * window.width() * scale;
    double dy = (vView - 0.5) * window.height() * scale;
    return new double[] {window.centerX() + cos * dx - sin * dy, window.centerY() + sin * dx + cos * dy};
  }

  /**
   * View coordinates of reference crop coordinate {@code (u, v)} for a window {@code aspectHw}
   * (height / width) high: {@code out[0] = u'}, {@code out[1] = v'}.
   */
  public void toView(double u, double v, double aspectHw, double[] out) {
    double t = Math.toRadians(degrees);
    double cos = Math.cos(t);
    double sin = Math.sin(t);
    // Pixels in units of the window's width; R(-θ) turns the offset back into the view's axes.
    double dx = u - 0.5;
    double dy = (v - 0.5) * aspectHw;
    double ex = cos * dx + sin * dy;
    double ey = -sin * dx + cos * dy;
    out[0] = 0.5 + ex / scale;
    out[1] = 0.5 + ey / (scale * aspectHw);
  }

  /** A short label, e.g. {@code s0.9}, {@code r-10} or {@code s1.15 r10}. */
  public String label() {
    List<String> parts = new ArrayList<>();
    if (scale != 1) {
      parts.add("s" + number(scale));
    }
    if (degrees != 0) {
      parts.add("r" + number(degrees));
    }
    return parts.isEmpty() ? "ref" : String.join(" ", parts);
  }

  private static String number(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.format(Locale.ROOT, "%s", x);
  }
}
