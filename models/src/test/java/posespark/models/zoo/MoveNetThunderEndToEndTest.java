package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;
import posespark.models.runtime.ModelOutput;

/** Fetches and converts movenet-thunder (once per cache) and runs a batch of two images. */
class MoveNetThunderEndToEndTest {

  @Test
  void heatmapsOfABatchOfTwoHaveTheCardShapeAndAreProbabilities() {
    Path dir = ModelZoo.ensureReady("movenet-thunder");
    LoadedModel model = ModelHost.get(dir);
    int[] pixels = new int[2 * 256 * 256 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 31 + (i / 768) * 7) % 256; // a deterministic non-constant image pair
    }
    ModelOutput heatmaps = model.run(ModelInput.ofInts(pixels, 2, 256, 256, 3), "heatmaps");
    assertThat(heatmaps.shape()).containsExactly(2, 64, 64, 17);
    for (float v : heatmaps.data()) {
      assertThat(v).isBetween(0f, 1f);
    }
  }
}
