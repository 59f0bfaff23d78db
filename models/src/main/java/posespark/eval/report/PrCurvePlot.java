package posespark.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.EvalParams;

/**
 * Precision-recall curves as PNG (headless java.awt): pycocotools' interpolated precision at its
 * 101 recall levels, one curve per OKS/IoU threshold, averaged over categories that have ground
 * truth, for one area range at the largest maxDets.
 */
public final class PrCurvePlot {

  private static final int W = 640;
  private static final int H = 480;
  private static final int LEFT = 60;
  private static final int RIGHT = 150;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private PrCurvePlot() {}

  /** Mean precision over categories at each recall level, or null where no category has data. */
  public static double[] curve(CocoEvalResult r, int t, int a, int m) {
    EvalParams p = r.params();
    int numK = r.catIds().length;
    double[] out = new double[p.numRecall()];
    boolean any = false;
    for (int q = 0; q < out.length; q++) {
      double sum = 0;
      int n = 0;
      for (int k = 0; k < numK; k++) {
        double v = r.precision(t, q, k, a, m);
        if (v > -1) {
          sum += v;
          n++;
        }
      }
      out[q] = n == 0 ? Double.NaN : sum / n;
      any |= n > 0;
    }
    return any ? out : null;
  }

  /** The PNG bytes for area range {@code a}, or null when that range has no ground truth. */
  public static byte[] png(CocoEvalResult r, int a) {
    System.setProperty("java.awt.headless", "true");
    EvalParams p = r.params();
    int m = p.numMaxDets() - 1;
    double[] thr = p.iouThrs();
    double[] rec = p.recThrs();
    double[][] curves = new double[thr.length][];
    boolean any = false;
    for (int t = 0; t < thr.length; t++) {
      curves[t] = curve(r, t, a, m);
      any |= curves[t] != null;
    }
    if (!any) {
      return null;
    }
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(225, 225, 225));
    for (int i = 0; i <= 10; i++) {
      g.drawLine(LEFT + pw * i / 10, TOP, LEFT + pw * i / 10, TOP + ph);
      g.drawLine(LEFT, TOP + ph * i / 10, LEFT + pw, TOP + ph * i / 10);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, pw, ph);
    for (int i = 0; i <= 10; i += 2) {
      String label = String.format(Locale.ROOT, "%.1f", i / 10.0);
      g.drawString(label, LEFT + pw * i / 10 - 8, TOP + ph + 16);
      g.drawString(label, LEFT - 28, TOP + ph - ph * i / 10 + 4);
    }
    g.drawString("recall", LEFT + pw / 2 - 15, H - 12);
    g.drawString("precision", 6, TOP - 12);
    String title = String.format(Locale.ROOT, "%s, area=%s, maxDets=%d",
        p.iouType().cocoName(), p.areaRngLbl().get(a), p.maxDets()[m]);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, LEFT, TOP - 14);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setStroke(new BasicStroke(2f));
    for (int t = 0; t < thr.length; t++) {
      if (curves[t] == null) {
        continue;
      }
      Color c = Color.getHSBColor(0.7f * t / Math.max(1, thr.length - 1), 0.85f, 0.85f);
      g.setColor(c);
      int px = -1;
      int py = -1;
      for (int q = 0; q < rec.length; q++) {
        if (Double.isNaN(curves[t][q])) {
          continue;
        }
        int x = LEFT + (int) Math.round(rec[q] * pw);
        int y = TOP + ph - (int) Math.round(curves[t][q] * ph);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      int ly = TOP + 14 + 18 * t;
      g.drawLine(W - RIGHT + 12, ly - 4, W - RIGHT + 34, ly - 4);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%s=%.2f", p.iouType().cocoName().equals("bbox") ? "IoU" : "OKS",
          thr[t]), W - RIGHT + 40, ly);
    }
    g.dispose();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(img, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
  }
}
