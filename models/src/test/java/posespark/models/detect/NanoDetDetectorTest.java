package posespark.models.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;

/**
 * Decoding of NanoDet's head with a runner that returns fixed outputs: one stride of 32 on a 64 px
 * input (a 2×2 grid), 2 classes, 3 bins per side.
 */
class NanoDetDetectorTest {

  private static final BoxFilter KEEP_ALL = new BoxFilter(0.0, false, 1.0, 0.5, 100);

  /** A 64×32 image letterboxed into 64×64: scale 1, 16 px of padding above. */
  private static List<Box> detect(float[] scores, float[] boxes) {
    NanoDetDetector d = new NanoDetDetector((pixels, asInt, shape, keys) -> {
      assertThat(shape).containsExactly(1, 64, 64, 3);
      assertThat(keys).containsExactly("scores_stride32", "boxes_stride32");
      for (float p : pixels) {
        assertThat(p).isBetween(0f, 1f);
      }
      return Map.of("scores_stride32", scores, "boxes_stride32", boxes);
    }, 64, new int[] {32}, 2, 3, 0, KEEP_ALL);
    return d.detect(List.of(new DecodedImage(64, 32, filled(64 * 32 * 3, (byte) 255)))).get(0);
  }

  private static byte[] filled(int n, byte v) {
    byte[] b = new byte[n];
    Arrays.fill(b, v);
    return b;
  }

  /** Side logits that put all weight on {@code bin}. */
  private static float[] peaked(int bin) {
    float[] l = {-50, -50, -50};
    l[bin] = 50;
    return l;
  }

  @Test
  void sideDistancesAreBinExpectationsTimesStrideFromTheCellCentre() {
    float[] scores = new float[4 * 2];
    scores[3 * 2] = 0.8f;      // cell (row 1, col 1): person
    scores[0 * 2 + 1] = 0.9f;  // cell 0: another class only
    float[] boxes = new float[4 * 12];
    // Cell 3, centre (48, 48): left 1 bin, top: equal logits for bins 0 and 2 (expectation 1),
    // right 0 bins, bottom 2 bins.
    System.arraycopy(peaked(1), 0, boxes, 3 * 12, 3);
    System.arraycopy(new float[] {5, -50, 5}, 0, boxes, 3 * 12 + 3, 3);
    System.arraycopy(peaked(0), 0, boxes, 3 * 12 + 6, 3);
    System.arraycopy(peaked(2), 0, boxes, 3 * 12 + 9, 3);
    List<Box> found = detect(scores, boxes);
    assertThat(found).hasSize(1);
    Box b = found.get(0);
    // Input box x 16..48, y 16..112 → image (minus 16 px of padding in y), clipped to 64×32.
    assertThat(b.x()).isCloseTo(16, within(1e-6));
    assertThat(b.w()).isCloseTo(32, within(1e-6));
    assertThat(b.y()).isCloseTo(0, within(1e-6));
    assertThat(b.h()).isCloseTo(32, within(1e-6));
    assertThat(b.score()).isCloseTo(0.8, within(1e-6));
  }

  @Test
  void cellsBelowTheCandidateScoreAreNotDecoded() {
    float[] scores = new float[4 * 2];
    scores[0] = (float) NanoDetDetector.CANDIDATE_SCORE / 2;
    assertThat(detect(scores, new float[4 * 12])).isEmpty();
  }

  @Test
  void duplicateCellsOfOnePersonMergeIntoOneBox() {
    float[] scores = new float[4 * 2];
    scores[0] = 0.7f;
    scores[1 * 2] = 0.6f;
    float[] boxes = new float[4 * 12];
    // Cell 0 (centre 16, 16): sides 1, 1, 2, 1 → x -16..80; cell 1 (centre 48, 16): 2, 1, 1, 1.
    float[][] sides = {peaked(1), peaked(1), peaked(2), peaked(1), peaked(2), peaked(1), peaked(1), peaked(1)};
    for (int k = 0; k < 8; k++) {
      System.arraycopy(sides[k], 0, boxes, k * 3, 3);
    }
    List<Box> found = detect(scores, boxes);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).score()).isCloseTo(0.7, within(1e-6));
  }
}
