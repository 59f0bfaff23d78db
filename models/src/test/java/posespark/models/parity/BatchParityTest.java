package posespark.models.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.card.ModelCards;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelOutput;

/**
 * Batches through the converted models that take one (batch dimension -1): every batch slot is computed
 * from its own image only. Outputs whose declared batch is fixed at 1 (MoveNet's decoded keypoints) are
 * left out, as the batched pipeline never fetches them.
 */
class BatchParityTest {
  private static final Logger LOG = LoggerFactory.getLogger(BatchParityTest.class);
  private static final ParityGoldens.Index INDEX = ParityGoldens.index();
  /** Identical images in two slots of one batch run through identical arithmetic. */
  private static final double SAME_IMAGE_BOUND = 1e-6;

  static Stream<String> batchedModels() {
    return INDEX.models().stream().map(ParityGoldens.Model::name)
        .filter(name -> ModelCards.find(name).dynamicBatch());
  }

  @AfterAll
  static void closeModels() {
    ModelHost.closeAll();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("batchedModels")
  void sameImageInBothSlotsGivesTheSameOutputs(String model) {
    ConvertedModelRun run = new ConvertedModelRun(model, INDEX);
    ParityGoldens.Case photo = run.goldens.caseNamed("photo");
    byte[] image = run.image(photo);
    List<String> keys = batchedKeys(run, photo);
    Map<String, ModelOutput> out = run.run(run.input(List.of(image, image)), keys);

    for (String key : keys) {
      ModelOutput o = out.get(key);
      assertThat(o.shape()[0]).as("%s %s batch", model, key).isEqualTo(2);
      int per = o.data().length / 2;
      double max = 0;
      for (int i = 0; i < per; i++) {
        max = Math.max(max, Math.abs(o.data()[i] - o.data()[per + i]));
      }
      LOG.info("batch {} {}: max |slot0 - slot1| = {}", model, key, String.format(Locale.ROOT, "%.3e", max));
      assertThat(max).as("%s %s: max |slot 0 - slot 1|", model, key).isLessThanOrEqualTo(SAME_IMAGE_BOUND);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("batchedModels")
  void eachSlotMatchesTheGoldenOfItsOwnImage(String model) {
    ConvertedModelRun run = new ConvertedModelRun(model, INDEX);
    ParityGoldens.Case photo = run.goldens.caseNamed("photo");
    ParityGoldens.Case noise = run.goldens.caseNamed("noise");
    List<String> keys = batchedKeys(run, photo);
    // Noise first, photo second: a slot mix-up or an op that reduces over the batch shows in both.
    Map<String, ModelOutput> out = run.run(run.input(List.of(run.image(noise), run.image(photo))), keys);

    List<String> failures = new ArrayList<>();
    for (int slot = 0; slot < 2; slot++) {
      ParityGoldens.Case c = slot == 0 ? noise : photo;
      for (Map.Entry<ParityGoldens.Tensor, String> e : run.keysFor(c).entrySet()) {
        if (!keys.contains(e.getValue())) {
          continue;
        }
        float[] all = out.get(e.getValue()).data();
        int per = all.length / 2;
        float[] mine = java.util.Arrays.copyOfRange(all, slot * per, (slot + 1) * per);
        TensorComparison cmp = TensorComparison.of(e.getKey(), ParityGoldens.values(c, e.getKey()), mine,
            ParityTolerance.DEFAULT);
        if (!cmp.withinTolerance()) {
          failures.add("slot " + slot + " (" + c.id() + ") " + cmp);
        }
      }
    }
    assertThat(failures).as("%s batch of 2: outputs outside tolerance", model).isEmpty();
  }

  /** Signature keys compared by the goldens whose declared batch dimension is dynamic. */
  private static List<String> batchedKeys(ConvertedModelRun run, ParityGoldens.Case c) {
    return run.keysFor(c).values().stream().distinct()
        .filter(key -> run.card.outputShape(key)[0] < 0)
        .toList();
  }
}
