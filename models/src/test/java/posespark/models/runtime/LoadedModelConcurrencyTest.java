package posespark.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import posespark.models.zoo.ModelZoo;

/** One LoadedModel shared by several threads gives each call the result a lone call gives. */
class LoadedModelConcurrencyTest {

  private static ModelInput image(int seed) {
    float[] v = new float[385 * 385 * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((i * (7 + seed) + seed * 131) % 255) / 127.5f - 1f;
    }
    return ModelInput.ofFloats(v, 1, 385, 385, 3);
  }

  @Test
  void concurrentRunsEqualSerialRuns() throws Exception {
    LoadedModel model = ModelHost.get(ModelZoo.ensureReady("posenet"));
    assertThat(ModelHost.get(ModelZoo.ensureReady("posenet"))).as("loaded once per JVM").isSameAs(model);
    int images = 4;
    List<float[]> serial = new ArrayList<>();
    for (int s = 0; s < images; s++) {
      serial.add(model.run(image(s), "heatmaps").data());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int s = 0; s < images; s++) {
          int seed = s;
          futures.add(pool.submit(() -> model.run(image(seed), "heatmaps").data()));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).as("call %d", i).containsExactly(serial.get(i % images));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closingAModelRemovesItFromTheHostSoTheNextGetLoadsItAgain() {
    java.nio.file.Path dir = ModelZoo.ensureReady("posenet");
    LoadedModel first = ModelHost.get(dir);
    first.close();
    first.close(); // idempotent
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.run(image(0), "heatmaps"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    LoadedModel second = ModelHost.get(dir);
    assertThat(second).isNotSameAs(first);
    assertThat(second.run(image(0), "heatmaps").shape()).containsExactly(1, 25, 25, 17);
  }

  @Test
  void aWrongInputTypeIsRefusedWithTheExpectedType() {
    LoadedModel model = ModelHost.get(ModelZoo.ensureReady("posenet"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> model.run(ModelInput.ofInts(new int[385 * 385 * 3], 1, 385, 385, 3), "heatmaps"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DT_FLOAT");
  }
}
