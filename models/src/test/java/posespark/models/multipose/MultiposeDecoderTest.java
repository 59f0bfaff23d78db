package posespark.models.multipose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.CropWindow;

class MultiposeDecoderTest {

  /** A 400×200 image letterboxed into the square input: the window is 400×400 around its centre. */
  private static final CropWindow LETTERBOX = new CropWindow(200, 100, 400, 400);

  private static float[] slot(float y, float x, float[] box, float score) {
    float[] s = new float[MultiposeDecoder.SLOT];
    for (int k = 0; k < 17; k++) {
      s[3 * k] = y;
      s[3 * k + 1] = x;
      s[3 * k + 2] = 0.5f + k / 100f;
    }
    System.arraycopy(box, 0, s, 51, 4);
    s[55] = score;
    return s;
  }

  private static float[] concat(float[]... slots) {
    float[] out = new float[slots.length * MultiposeDecoder.SLOT];
    for (int i = 0; i < slots.length; i++) {
      System.arraycopy(slots[i], 0, out, i * MultiposeDecoder.SLOT, MultiposeDecoder.SLOT);
    }
    return out;
  }

  @Test
  void slotsMapThroughTheLetterboxToImagePixelsBestFirst() {
    float[] output = concat(
        slot(0.5f, 0.5f, new float[] {0.3f, 0.25f, 0.7f, 0.75f}, 0.4f),
        slot(0.375f, 0.125f, new float[] {0.0f, -0.1f, 0.5f, 0.3f}, 0.9f));
    List<MultiposePerson> persons = new MultiposeDecoder(0.05).decode(output, LETTERBOX, 400, 200);
    assertThat(persons).hasSize(2);
    MultiposePerson best = persons.get(0);
    assertThat(best.box().score()).isCloseTo(0.9, within(1e-6));
    // y 0.375 of the 400-px window starting at y = -100 → 50; x 0.125 → 50.
    assertThat(best.keypoints()[0]).isCloseTo(50f, within(1e-4f));
    assertThat(best.keypoints()[1]).isCloseTo(50f, within(1e-4f));
    assertThat(best.keypoints()[3 * 16 + 2]).isCloseTo(0.66f, within(1e-6f));
    // Box (ymin 0, xmin -0.1, ymax 0.5, xmax 0.3) → y -100..100, x -40..120, clipped to the image.
    assertThat(best.box().x()).isEqualTo(0);
    assertThat(best.box().y()).isEqualTo(0);
    assertThat(best.box().w()).isCloseTo(120, within(1e-4));
    assertThat(best.box().h()).isCloseTo(100, within(1e-4));
    MultiposePerson second = persons.get(1);
    assertThat(second.keypoints()[0]).isCloseTo(200f, within(1e-4f));
    assertThat(second.keypoints()[1]).isCloseTo(100f, within(1e-4f));
    assertThat(second.box().x()).isCloseTo(100, within(1e-4));
    assertThat(second.box().y()).isCloseTo(20, within(1e-4));
  }

  @Test
  void slotsBelowTheMinimumScoreOrWithoutAreaAreEmpty() {
    float[] output = concat(
        slot(0.5f, 0.5f, new float[] {0.3f, 0.25f, 0.7f, 0.75f}, 0.04f),
        slot(0.5f, 0.5f, new float[] {0.0f, 0.9f, 0.1f, 1.0f}, 0.8f)); // x 360..400: off the image
    assertThat(new MultiposeDecoder(0.05).decode(output, LETTERBOX, 300, 200)).isEmpty();
  }

  @Test
  void outputThatIsNotWholeSlotsIsRefused() {
    assertThatThrownBy(() -> new MultiposeDecoder(0.05).decode(new float[57], LETTERBOX, 400, 200))
        .hasMessageContaining("slots of 56");
  }
}
