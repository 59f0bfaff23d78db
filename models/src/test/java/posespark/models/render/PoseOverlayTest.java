package posespark.models.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import posespark.models.image.DecodedImage;

/** What the overlay puts where: pixels of boxes, limbs, keypoints and the legend. */
class PoseOverlayTest {

  private static final Color GREY = new Color(90, 90, 90);

  private static BufferedImage grey(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(GREY);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /** A standing person in a 480×360 image; keypoint scores given per index, others 0.9. */
  private static DrawnPose person(double noseScore, double leftWristScore) {
    double[][] xy = {
        {240, 60}, {230, 50}, {250, 50}, {220, 55}, {260, 55}, {200, 100}, {280, 100}, {180, 150},
        {300, 150}, {170, 200}, {310, 200}, {210, 200}, {270, 200}, {210, 260}, {270, 260}, {210, 320},
        {270, 320}};
    double[] k = new double[51];
    for (int i = 0; i < 17; i++) {
      k[3 * i] = xy[i][0];
      k[3 * i + 1] = xy[i][1];
      k[3 * i + 2] = 0.9;
    }
    k[2] = noseScore;
    k[3 * 9 + 2] = leftWristScore;
    return new DrawnPose(150, 30, 180, 310, 0.87, k);
  }

  private static Color at(BufferedImage img, int x, int y) {
    return new Color(img.getRGB(x, y));
  }

  /** Smallest RGB distance to {@code expected} within 2 pixels of (x, y): lines are antialiased. */
  private static int distanceNear(BufferedImage img, int x, int y, Color expected) {
    int best = Integer.MAX_VALUE;
    for (int dy = -2; dy <= 2; dy++) {
      for (int dx = -2; dx <= 2; dx++) {
        Color c = at(img, x + dx, y + dy);
        best = Math.min(best, Math.abs(c.getRed() - expected.getRed()) + Math.abs(c.getGreen() - expected.getGreen())
            + Math.abs(c.getBlue() - expected.getBlue()));
      }
    }
    return best;
  }

  @Test
  void scoreColoursRunFromRedThroughYellowToGreen() {
    assertThat(ScoreColors.of(0)).isEqualTo(new Color(255, 0, 0));
    assertThat(ScoreColors.of(0.5)).isEqualTo(new Color(255, 255, 0));
    assertThat(ScoreColors.of(1)).isEqualTo(new Color(0, 255, 0));
    assertThat(ScoreColors.of(1.7)).as("clamped").isEqualTo(ScoreColors.of(1));
    assertThat(ScoreColors.of(Double.NaN)).as("NaN as 0").isEqualTo(ScoreColors.of(0));
  }

  @Test
  void confidentKeypointIsFilledWithItsScoreColour() {
    BufferedImage out = new PoseOverlay(0.3).draw(grey(480, 360), List.of(person(1.0, 0.9)));
    assertThat(at(out, 240, 60)).as("nose at score 1").isEqualTo(new Color(0, 255, 0));
  }

  @Test
  void keypointBelowTheThresholdIsAHollowRingWithoutLimbs() {
    BufferedImage out = new PoseOverlay(0.3).draw(grey(480, 360), List.of(person(0.9, 0.1)));
    assertThat(at(out, 170, 200)).as("centre of the left wrist's ring keeps the photo").isEqualTo(GREY);
    // The elbow-wrist limb (180,150)-(170,200) is left out: its midpoint keeps the photo.
    assertThat(at(out, 175, 175)).as("no forearm limb").isEqualTo(GREY);
    // The shoulder-elbow limb (200,100)-(180,150) is drawn in the left side's colour.
    assertThat(distanceNear(out, 190, 125, PoseOverlay.LEFT)).as("left upper arm").isLessThan(40);
    assertThat(distanceNear(out, 290, 125, PoseOverlay.RIGHT)).as("right upper arm").isLessThan(40);
    assertThat(distanceNear(out, 240, 100, PoseOverlay.CENTRE)).as("shoulder line").isLessThan(40);
  }

  @Test
  void boxIsDrawnAroundThePersonAndTheLegendSitsBottomRight() {
    BufferedImage photo = grey(480, 360);
    BufferedImage out = new PoseOverlay(0.3).draw(photo, List.of(person(0.9, 0.9)));
    assertThat(distanceNear(out, 330, 200, PoseOverlay.BOX)).as("right edge of the box").isLessThan(40);
    assertThat(distanceNear(out, 340, 200, PoseOverlay.BOX)).as("outside the box").isGreaterThan(200);
    assertThat(at(out, 20, 20)).as("away from everything").isEqualTo(GREY);
    long changed = 0;
    for (int y = 300; y < 360; y++) {
      for (int x = 360; x < 480; x++) {
        changed += out.getRGB(x, y) != photo.getRGB(x, y) ? 1 : 0;
      }
    }
    assertThat(changed).as("legend pixels in the bottom-right corner").isGreaterThan(2000);
    assertThat(photo.getRGB(330, 200)).as("the input is not drawn on").isEqualTo(GREY.getRGB());
  }

  @Test
  void decodedPixelsConvertAndEncodeLosslesslyAsPng() throws Exception {
    byte[] rgb = new byte[4 * 3 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7);
    }
    BufferedImage img = PictureFiles.toBufferedImage(new DecodedImage(4, 3, rgb));
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(PictureFiles.png(img)));
    assertThat(back.getRGB(2, 1) & 0xffffff).isEqualTo(((6 * 3 * 7) & 0xff) << 16 | ((6 * 3 + 1) * 7 & 0xff) << 8
        | ((6 * 3 + 2) * 7 & 0xff));
    BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(PictureFiles.jpeg(img, 0.9f)));
    assertThat(jpeg.getWidth()).isEqualTo(4);
    assertThat(jpeg.getHeight()).isEqualTo(3);
  }
}
