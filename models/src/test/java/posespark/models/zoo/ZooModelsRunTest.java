package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import posespark.models.card.ModelCard;
import posespark.models.card.ModelCards;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;
import posespark.models.runtime.ModelOutput;

/** Every zoo model converts, loads and produces every output its card declares, at the card's shape. */
class ZooModelsRunTest {

  static java.util.List<String> models() {
    return ModelZoo.MODELS;
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyCardOutputHasTheCardShape(String name) {
    Path dir = ModelZoo.ensureReady(name);
    ModelCard card = ModelCards.find(name);
    LoadedModel model = ModelHost.get(dir);
    ModelInput input = syntheticInput(card, 1);
    Map<String, ModelOutput> outputs = model.run(input);
    assertThat(outputs.keySet()).containsExactlyElementsOf(card.outputKeys());
    for (String key : card.outputKeys()) {
      long[] expected = card.outputShape(key).clone();
      expected[0] = 1;
      assertThat(outputs.get(key).shape()).as("%s %s", name, key).containsExactly(expected);
      for (float v : outputs.get(key).data()) {
        assertThat(Float.isFinite(v)).as("%s %s finite", name, key).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void dynamicBatchModelsGiveEachImageItsOwnOutputs(String name) {
    ModelCard card = ModelCards.find(name);
    if (!card.dynamicBatch()) {
      return;
    }
    LoadedModel model = ModelHost.get(ModelZoo.ensureReady(name));
    // Every output declared with a dynamic batch must keep images apart.
    String[] keys = card.outputKeys().stream().filter(k -> card.outputShape(k)[0] == -1)
        .toArray(String[]::new);
    Map<String, ModelOutput> three = model.run(syntheticInput(card, 3), keys);
    Map<String, ModelOutput> one = model.run(syntheticInput(card, 1), keys);
    for (String key : keys) {
      checkBatchOfThree(key, three.get(key), one.get(key));
    }
  }

  private static void checkBatchOfThree(String key, ModelOutput three, ModelOutput single) {
    assertThat(three.shape()[0]).as(key).isEqualTo(3);
    assertThat(Arrays.copyOfRange(three.shape(), 1, three.shape().length)).as(key)
        .containsExactly(Arrays.copyOfRange(single.shape(), 1, single.shape().length));
    int per = single.data().length;
    // Image 0 of the batch is the single image: same values up to float rounding.
    float[] first = Arrays.copyOfRange(three.data(), 0, per);
    for (int i = 0; i < per; i++) {
      assertThat(first[i]).as("%s element %d", key, i)
          .isCloseTo(single.data()[i], org.assertj.core.data.Offset.offset(1e-3f));
    }
    // Images 1 and 2 differ from image 0, so their outputs must too.
    float[] second = Arrays.copyOfRange(three.data(), per, 2 * per);
    assertThat(second).as(key).isNotEqualTo(first);
  }

  /** A deterministic batch of distinct images in the card's value range and dtype. */
  static ModelInput syntheticInput(ModelCard card, int batch) {
    int h = card.inputHeight();
    int w = card.inputWidth();
    int n = batch * h * w * 3;
    double[] range = card.inputRange();
    if ("int32".equals(card.inputDtype())) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = pattern(i, h, w);
      }
      return ModelInput.ofInts(v, batch, h, w, 3);
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (range[0] + (range[1] - range[0]) * pattern(i, h, w) / 255.0);
    }
    return ModelInput.ofFloats(v, batch, h, w, 3);
  }

  private static int pattern(int i, int h, int w) {
    int image = i / (h * w * 3);
    int pixel = i % (h * w * 3);
    int y = pixel / (w * 3);
    int x = (pixel / 3) % w;
    int c = pixel % 3;
    return Math.floorMod((x * (3 + image)) ^ (y * (5 + c)) + 40 * image, 256);
  }
}
