package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;
import posespark.models.runtime.ModelOutput;

/**
 * On real COCO photos: MoveNet's heatmap taps at batch 8 equal those at batch 1, and the taps mean
 * what the card says: every confident keypoint of the model's own {@code output_0} is some cell's
 * {@code heatmaps} value, at (i + dy) / H, (j + dx) / W with that cell's interleaved {@code offsets}.
 */
@Tag("acceptance")
class MoveNetTapsAcceptanceTest {
  private static final int SIZE = 256;
  private static final int IMAGES = 8;

  @Test
  void tapsAreBatchIndependentAndDecodeToTheModelsOwnKeypoints() throws Exception {
    String root = System.getProperty("posespark.shared.data");
    assertThat(root).as("system property posespark.shared.data (the shared data folder)").isNotNull();
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(root, "coco-train-dev", "images"))) {
      files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(IMAGES).toList();
    }
    assertThat(files).hasSize(IMAGES);
    LoadedModel model = ModelHost.get(ModelZoo.ensureReady("movenet-thunder"));
    int per = SIZE * SIZE * 3;
    int[] batch = new int[IMAGES * per];
    for (int b = 0; b < IMAGES; b++) {
      System.arraycopy(pixels(files.get(b)), 0, batch, b * per, per);
    }
    ModelOutput all = model.run(ModelInput.ofInts(batch, IMAGES, SIZE, SIZE, 3), "heatmaps");
    int confident = 0;
    int agreeing = 0;
    for (int b = 0; b < IMAGES; b++) {
      int[] one = Arrays.copyOfRange(batch, b * per, (b + 1) * per);
      var single = model.run(ModelInput.ofInts(one, 1, SIZE, SIZE, 3), "heatmaps", "offsets", "output_0");
      float[] hm = single.get("heatmaps").data();
      for (int i = 0; i < hm.length; i++) {
        assertThat(all.data()[b * hm.length + i]).as("image %d element %d", b, i)
            .isCloseTo(hm[i], Offset.offset(1e-4f));
      }
      float[] off = single.get("offsets").data();
      float[] own = single.get("output_0").data();
      int h = single.get("heatmaps").dim(1);
      for (int k = 0; k < 17; k++) {
        if (own[3 * k + 2] < 0.3f) {
          continue;
        }
        confident++;
        // The model picks the cell with its own weighting (distance to the regressed centre);
        // whichever cell it picked, that cell's heatmap value is the score and its interleaved
        // offsets, read from the cell corner, give the coordinates.
        boolean found = false;
        for (int c = 0; c < h * h && !found; c++) {
          float y = (c / h + off[c * 34 + 2 * k]) / h;
          float x = (c % h + off[c * 34 + 2 * k + 1]) / h;
          found = Math.abs(y - own[3 * k]) < 1e-4 && Math.abs(x - own[3 * k + 1]) < 1e-4
              && Math.abs(hm[c * 17 + k] - own[3 * k + 2]) < 1e-5;
        }
        if (found) {
          agreeing++;
        }
      }
    }
    assertThat(confident).isGreaterThan(20);
    assertThat(agreeing).as("%d of %d confident keypoints found in the taps", agreeing, confident)
        .isEqualTo(confident);
  }

  private static int[] pixels(Path file) throws Exception {
    BufferedImage src = ImageIO.read(file.toFile());
    BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, SIZE, SIZE, null);
    g.dispose();
    int[] px = new int[SIZE * SIZE * 3];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int rgb = img.getRGB(x, y);
        int at = (y * SIZE + x) * 3;
        px[at] = (rgb >> 16) & 255;
        px[at + 1] = (rgb >> 8) & 255;
        px[at + 2] = rgb & 255;
      }
    }
    return px;
  }
}
