package posespark.models.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import posespark.models.keypoints.CocoKeypoints;

/**
 * Draws poses onto a copy of an image with Java2D: each person's box with its score, the COCO
 * skeleton (limbs coloured by side: left orange, right blue, centre white), keypoints filled with
 * their {@link ScoreColors score colour}, and a legend in the bottom-right corner.
 *
 * <p>Keypoints scoring below {@code minScore} are drawn as hollow rings and their limbs are left
 * out, since pose models always place every joint somewhere, visible or not.
 */
public final class PoseOverlay {

  /** Limb colour of the left side (both ends left keypoints). */
  public static final Color LEFT = new Color(255, 140, 0);
  /** Limb colour of the right side. */
  public static final Color RIGHT = new Color(30, 144, 255);
  /** Limb colour of limbs across the body (shoulders, hips, face). */
  public static final Color CENTRE = Color.WHITE;
  /** Box colour. */
  public static final Color BOX = new Color(0, 255, 255);

  private static final int[][] SKELETON = CocoKeypoints.skeleton();

  private final double minScore;

  /** @param minScore keypoints below it are drawn hollow and get no limbs */
  public PoseOverlay(double minScore) {
    this.minScore = minScore;
  }

  /** Returns a new RGB image: {@code image} with the poses and the legend drawn on it. */
  public BufferedImage draw(BufferedImage image, List<DrawnPose> poses) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      float unit = unit(image);
      for (DrawnPose p : poses) {
        drawBox(g, p, unit);
      }
      for (DrawnPose p : poses) {
        drawLimbs(g, p, unit);
      }
      for (DrawnPose p : poses) {
        drawKeypoints(g, p, unit);
      }
      new Legend(minScore).draw(g, image.getWidth(), image.getHeight(), unit);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Stroke width in pixels: thin lines on small images, visible ones on large photos. */
  static float unit(BufferedImage image) {
    return Math.max(1.5f, Math.min(image.getWidth(), image.getHeight()) / 240f);
  }

  /** Limb colour: left, right or centre, by the COCO names of its ends. */
  public static Color limbColor(int a, int b) {
    boolean leftA = CocoKeypoints.NAMES.get(a).startsWith("left_");
    boolean leftB = CocoKeypoints.NAMES.get(b).startsWith("left_");
    boolean rightA = CocoKeypoints.NAMES.get(a).startsWith("right_");
    boolean rightB = CocoKeypoints.NAMES.get(b).startsWith("right_");
    if (leftA && leftB) {
      return LEFT;
    }
    if (rightA && rightB) {
      return RIGHT;
    }
    return CENTRE;
  }

  private void drawBox(Graphics2D g, DrawnPose p, float unit) {
    g.setColor(BOX);
    g.setStroke(new BasicStroke(unit));
    g.draw(new java.awt.geom.Rectangle2D.Double(p.x(), p.y(), p.w(), p.h()));
    String label = String.format(Locale.ROOT, "%.2f", p.score());
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(unit * 6)));
    FontMetrics fm = g.getFontMetrics();
    int tx = (int) Math.round(p.x());
    int ty = (int) Math.round(Math.max(fm.getAscent(), p.y()));
    g.fillRect(tx, ty - fm.getAscent(), fm.stringWidth(label) + 4, fm.getAscent() + fm.getDescent());
    g.setColor(Color.BLACK);
    g.drawString(label, tx + 2, ty - fm.getDescent() / 2);
  }

  private void drawLimbs(Graphics2D g, DrawnPose p, float unit) {
    g.setStroke(new BasicStroke(unit * 1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    for (int[] limb : SKELETON) {
      int a = limb[0];
      int b = limb[1];
      if (a >= p.count() || b >= p.count() || p.kscore(a) < minScore || p.kscore(b) < minScore) {
        continue;
      }
      g.setColor(limbColor(a, b));
      g.draw(new Line2D.Double(p.kx(a), p.ky(a), p.kx(b), p.ky(b)));
    }
  }

  private void drawKeypoints(Graphics2D g, DrawnPose p, float unit) {
    double r = unit * 2.2;
    for (int k = 0; k < p.count(); k++) {
      Ellipse2D dot = new Ellipse2D.Double(p.kx(k) - r, p.ky(k) - r, 2 * r, 2 * r);
      g.setColor(ScoreColors.of(p.kscore(k)));
      if (p.kscore(k) >= minScore) {
        g.fill(dot);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(1f, unit / 3)));
        g.draw(dot);
      } else {
        g.setStroke(new BasicStroke(Math.max(1f, unit / 2)));
        g.draw(dot);
      }
    }
  }
}
