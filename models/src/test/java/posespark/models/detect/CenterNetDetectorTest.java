package posespark.models.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;

/** Post-processing of CenterNet's decoded rows, with a runner that returns fixed rows. */
class CenterNetDetectorTest {

  private static final BoxFilter KEEP_ALL = new BoxFilter(0.0, false, 1.0, 0.5, 100);

  /** A 400×200 image letterboxed into 512×512: scale 512/400, 128 px of padding above and below. */
  private static List<Box> detect(float[] rows, BoxFilter filter) {
    CenterNetDetector d = new CenterNetDetector((pixels, asInt, shape, keys) -> {
      assertThat(shape).containsExactly(1, 512, 512, 3);
      assertThat(asInt).isFalse();
      return Map.of("detections", rows);
    }, 512, "detections", 0, filter);
    return d.detect(List.of(new DecodedImage(400, 200, new byte[400 * 200 * 3]))).get(0);
  }

  @Test
  void personRowsMapBackThroughTheLetterbox() {
    float[] rows = {128, 192, 256, 320, 0.9f, 0, /* a car */ 0, 0, 50, 50, 0.95f, 2};
    List<Box> boxes = detect(rows, KEEP_ALL);
    assertThat(boxes).hasSize(1);
    Box b = boxes.get(0);
    double s = 400 / 512.0;
    assertThat(b.x()).isCloseTo(128 * s, within(1e-9));
    assertThat(b.y()).isCloseTo((192 - 128) * s, within(1e-9));
    assertThat(b.w()).isCloseTo(128 * s, within(1e-9));
    assertThat(b.h()).isCloseTo(128 * s, within(1e-9));
    assertThat(b.score()).isCloseTo(0.9, within(1e-6));
  }

  @Test
  void boxesAreClippedToTheImage() {
    List<Box> boxes = detect(new float[] {-20, 100, 600, 500, 0.5f, 0}, KEEP_ALL);
    Box b = boxes.get(0);
    assertThat(b.x()).isEqualTo(0);
    assertThat(b.x() + b.w()).isEqualTo(400);
    assertThat(b.y() + b.h()).isEqualTo(200);
  }

  @Test
  void filterThresholdsSuppressesAndCaps() {
    float[] rows = {
        100, 200, 200, 300, 0.9f, 0,
        102, 200, 202, 300, 0.8f, 0,   // near-duplicate
        300, 200, 400, 300, 0.05f, 0}; // below threshold
    assertThat(detect(rows, new BoxFilter(0.1, false, 0.5, 0.5, 10))).hasSize(1);
    assertThat(detect(rows, new BoxFilter(0.1, true, 0.5, 0.5, 10))).hasSize(2);
    assertThat(detect(rows, new BoxFilter(0.0, false, 1.0, 0.5, 2))).hasSize(2);
  }
}
