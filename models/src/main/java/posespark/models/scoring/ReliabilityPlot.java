package posespark.models.scoring;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Reliability diagram as PNG (headless java.awt): mean OKS target against mean score per score bin,
 * one line per scoring, with the diagonal of perfect calibration.
 */
public final class ReliabilityPlot {

  private static final int W = 560;
  private static final int H = 480;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final Color[] COLOURS = {new Color(0xd62728), new Color(0x1f77b4)};

  private ReliabilityPlot() {}

  /**
   * @param labels one per scoring
   * @param bins   per scoring, {@link ScoringEvaluation#reliability} bins
   */
  public static void write(Path file, String title, String[] labels, double[][][] bins) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    int pw = W - LEFT - RIGHT;
    int ph = H - TOP - BOTTOM;
    g.setColor(new Color(0xdddddd));
    for (int i = 0; i <= 10; i++) {
      int x = LEFT + pw * i / 10;
      int y = TOP + ph - ph * i / 10;
      g.drawLine(x, TOP, x, TOP + ph);
      g.drawLine(LEFT, y, LEFT + pw, y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, pw, ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i <= 10; i += 2) {
      String v = String.format(Locale.ROOT, "%.1f", i / 10.0);
      g.drawString(v, LEFT + pw * i / 10 - 8, TOP + ph + 15);
      g.drawString(v, LEFT - 28, TOP + ph - ph * i / 10 + 4);
    }
    g.drawString("pose score (bin mean)", LEFT + pw / 2 - 60, H - 15);
    g.rotate(-Math.PI / 2);
    g.drawString("OKS with the true person (bin mean)", -(TOP + ph / 2 + 100), 18);
    g.rotate(Math.PI / 2);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, LEFT, 25);
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
    g.drawLine(LEFT, TOP + ph, LEFT + pw, TOP);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int s = 0; s < bins.length; s++) {
      g.setColor(COLOURS[s % COLOURS.length]);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (double[] b : bins[s]) {
        if (b[0] == 0) {
          continue;
        }
        int x = LEFT + (int) Math.round(pw * b[1]);
        int y = TOP + ph - (int) Math.round(ph * b[2]);
        int r = (int) Math.max(3, Math.min(9, Math.sqrt(b[0]) / 3));
        g.fillOval(x - r, y - r, 2 * r, 2 * r);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.fillRect(LEFT + 12, TOP + 12 + 18 * s, 12, 12);
      g.drawString(labels[s], LEFT + 30, TOP + 23 + 18 * s);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }
}
