package posespark.models.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.Locale;

/**
 * The overlay's legend, bottom-right on a dark translucent panel: the keypoint score scale
 * (0 to 1 in {@link ScoreColors}) with the hollow-ring threshold, and the three limb colours.
 */
final class Legend {

  private final double minScore;

  Legend(double minScore) {
    this.minScore = minScore;
  }

  void draw(Graphics2D g, int imageWidth, int imageHeight, float unit) {
    int font = Math.max(10, Math.round(unit * 5));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, font));
    FontMetrics fm = g.getFontMetrics();
    int pad = font / 2;
    int bar = Math.max(60, font * 8);
    int line = fm.getHeight();
    String title = String.format(Locale.ROOT, "keypoint score (ring < %.2f)", minScore);
    int limbsWidth = fm.stringWidth("left right centre") + 3 * (font + 3) + font;
    int w = pad * 2 + Math.max(bar, Math.max(fm.stringWidth(title), limbsWidth));
    int h = pad * 2 + line * 4;
    int x0 = imageWidth - w - pad;
    int y0 = imageHeight - h - pad;
    g.setColor(new Color(0, 0, 0, 170));
    g.fillRoundRect(x0, y0, w, h, pad, pad);
    int x = x0 + pad;
    int y = y0 + pad + fm.getAscent();
    g.setColor(Color.WHITE);
    g.drawString(title, x, y);
    int barTop = y + fm.getDescent() + 2;
    int barHeight = Math.max(6, line / 2);
    for (int i = 0; i < bar; i++) {
      g.setColor(ScoreColors.of(i / (double) (bar - 1)));
      g.fillRect(x + i, barTop, 1, barHeight);
    }
    g.setColor(Color.WHITE);
    int labels = barTop + barHeight + fm.getAscent();
    g.drawString("0", x, labels);
    String one = "1";
    g.drawString("0.5", x + bar / 2 - fm.stringWidth("0.5") / 2, labels);
    g.drawString(one, x + bar - fm.stringWidth(one), labels);
    int limbs = labels + line;
    int sx = x;
    g.setStroke(new BasicStroke(Math.max(2f, unit)));
    for (Object[] item : new Object[][] {{"left", PoseOverlay.LEFT}, {"right", PoseOverlay.RIGHT},
        {"centre", PoseOverlay.CENTRE}}) {
      g.setColor((Color) item[1]);
      g.drawLine(sx, limbs - fm.getAscent() / 3, sx + font, limbs - fm.getAscent() / 3);
      g.setColor(Color.WHITE);
      g.drawString((String) item[0], sx + font + 3, limbs);
      sx += font + 3 + fm.stringWidth((String) item[0]) + font / 2;
    }
  }
}
