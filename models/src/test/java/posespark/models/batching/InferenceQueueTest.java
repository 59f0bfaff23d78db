package posespark.models.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import posespark.models.ensemble.ModelRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

/**
 * The inference queue in front of a real TensorFlow session (movenet-lightning, the zoo's smallest
 * pose model: int32 input {@code [N, 192, 192, 3]}).
 */
class InferenceQueueTest {

  private static final int SIZE = 192;
  private static final List<String> OUTPUTS = List.of("heatmaps", "offsets");

  private static ModelRunner direct;

  /** The real model call, recording the batch size of every call it gets. */
  private static final class Counting implements ModelRunner {
    final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Map<String, float[]> run(float[] pixels, boolean asInt, long[] shape, List<String> outputs) {
      batches.add((int) shape[0]);
      return direct.run(pixels, asInt, shape, outputs);
    }
  }

  @BeforeAll
  static void load() {
    LoadedModel model = ModelHost.get(ModelZoo.ensureReady("movenet-lightning"));
    direct = ZooMembers.runner(model);
  }

  @AfterAll
  static void close() {
    InferenceQueues.closeAll();
  }

  /** {@code n} distinct synthetic images (integral values 0..255). */
  private static float[] images(int seed, int n) {
    float[] v = new float[n * SIZE * SIZE * 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i * (13 + seed) + seed * 977 + (i / (SIZE * 3)) * 5) % 256;
    }
    return v;
  }

  private static long[] shape(int n) {
    return new long[] {n, SIZE, SIZE, 3};
  }

  private static void assertSameOutputs(Map<String, float[]> got, Map<String, float[]> want, String what) {
    for (String key : OUTPUTS) {
      float[] a = got.get(key);
      float[] b = want.get(key);
      assertThat(a).as("%s %s length", what, key).hasSameSizeAs(b);
      double max = 0;
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs(a[i] - b[i]));
      }
      assertThat(max).as("%s %s: max |queued - direct|", what, key).isLessThanOrEqualTo(1e-6);
    }
  }

  @Test
  void concurrentCallersShareFullBatchesAndEachGetsItsOwnOutputs() throws Exception {
    Counting model = new Counting();
    int callers = 4;
    int each = 2;
    try (InferenceQueue queue = new InferenceQueue("lightning", model, callers * each, Duration.ofSeconds(5))) {
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Map<String, float[]>>> answers = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int seed = c;
        answers.add(pool.submit(() -> {
          start.await();
          return queue.run(images(seed, each), true, shape(each), OUTPUTS);
        }));
      }
      start.countDown();
      try {
        for (int c = 0; c < callers; c++) {
          Map<String, float[]> want = direct.run(images(c, each), true, shape(each), OUTPUTS);
          assertSameOutputs(answers.get(c).get(), want, "caller " + c);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(model.batches).as("one merged model call of every caller's images")
          .containsExactly(callers * each);
      assertThat(queue.modelCalls()).isEqualTo(1);
      assertThat(queue.inputs()).isEqualTo(callers * each);
    }
  }

  @Test
  void aLoneCallWaitsAtMostTheBoundedWaitForCompany() {
    Duration wait = Duration.ofMillis(400);
    try (InferenceQueue queue = new InferenceQueue("lightning", direct, 16, wait)) {
      queue.run(images(0, 1), true, shape(1), OUTPUTS); // warm the session
      long t0 = System.nanoTime();
      direct.run(images(1, 1), true, shape(1), OUTPUTS);
      long directNanos = System.nanoTime() - t0;
      t0 = System.nanoTime();
      Map<String, float[]> out = queue.run(images(1, 1), true, shape(1), OUTPUTS);
      long queuedNanos = System.nanoTime() - t0;
      assertThat(out.get("heatmaps")).hasSize(48 * 48 * 17);
      assertThat(queuedNanos).as("waited for the batch to fill").isGreaterThanOrEqualTo(wait.toNanos());
      assertThat(queuedNanos).as("then ran without the missing company")
          .isLessThan(wait.toNanos() + 5 * directNanos + Duration.ofSeconds(2).toNanos());
    }
  }

  @Test
  void aFullBatchRunsWithoutWaiting() {
    Duration wait = Duration.ofSeconds(30);
    try (InferenceQueue queue = new InferenceQueue("lightning", direct, 2, wait)) {
      long t0 = System.nanoTime();
      queue.run(images(2, 2), true, shape(2), OUTPUTS);
      assertThat(System.nanoTime() - t0).as("a full batch does not wait 30 s")
          .isLessThan(Duration.ofSeconds(15).toNanos());
    }
  }

  @Test
  void aFailingCallFailsAloneAndItsBatchNeighboursGetTheirResults() throws Exception {
    Counting model = new Counting();
    try (InferenceQueue queue = new InferenceQueue("lightning", model, 3, Duration.ofSeconds(5))) {
      ExecutorService pool = Executors.newFixedThreadPool(3);
      CountDownLatch start = new CountDownLatch(1);
      // The broken call claims one image but brings a tenth of its pixels: merged, it breaks the batch.
      float[] broken = new float[SIZE * SIZE * 3 / 10];
      Future<Map<String, float[]>> good0 = pool.submit(() -> {
        start.await();
        return queue.run(images(3, 1), true, shape(1), OUTPUTS);
      });
      Future<Map<String, float[]>> bad = pool.submit(() -> {
        start.await();
        return queue.run(broken, true, shape(1), OUTPUTS);
      });
      Future<Map<String, float[]>> good1 = pool.submit(() -> {
        start.await();
        return queue.run(images(4, 1), true, shape(1), OUTPUTS);
      });
      start.countDown();
      try {
        assertSameOutputs(good0.get(), direct.run(images(3, 1), true, shape(1), OUTPUTS), "good caller 0");
        assertSameOutputs(good1.get(), direct.run(images(4, 1), true, shape(1), OUTPUTS), "good caller 1");
        assertThatThrownBy(bad::get).hasCauseInstanceOf(RuntimeException.class);
      } finally {
        pool.shutdownNow();
      }
      assertThat(model.batches).as("the merged call, then each call alone").containsExactly(3, 1, 1, 1);
    }
  }

  @Test
  void callsOfAnotherShapeGoToTheirOwnModelCall() throws Exception {
    Counting model = new Counting();
    try (InferenceQueue queue = new InferenceQueue("lightning", model, 8, Duration.ofMillis(300))) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Map<String, float[]>> heat = pool.submit(
            () -> queue.run(images(5, 1), true, shape(1), List.of("heatmaps")));
        Future<Map<String, float[]>> both = pool.submit(
            () -> queue.run(images(6, 1), true, shape(1), OUTPUTS));
        assertThat(heat.get()).containsOnlyKeys("heatmaps");
        assertThat(both.get()).containsOnlyKeys("heatmaps", "offsets");
      } finally {
        pool.shutdownNow();
      }
      assertThat(model.batches).as("different outputs never share a call").containsExactly(1, 1);
    }
  }

  @Test
  void closeStopsTheWorkerAndRefusesNewCalls() {
    InferenceQueue queue = new InferenceQueue("lightning-close", direct, 4, Duration.ofMillis(1));
    assertThat(queue.run(images(7, 1), true, shape(1), OUTPUTS)).containsKey("heatmaps");
    queue.close();
    queue.close(); // idempotent
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("posespark-inference-lightning-close") && t.isAlive()))
        .as("worker threads left running").isEmpty();
    assertThatThrownBy(() -> queue.run(images(7, 1), true, shape(1), OUTPUTS))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void oneQueuePerLoadedModelInTheJvm() {
    LoadedModel model = ModelHost.get(ModelZoo.ensureReady("movenet-lightning"));
    InferenceQueue a = InferenceQueues.of(model, "lightning", direct, 8, Duration.ofMillis(5));
    InferenceQueue b = InferenceQueues.of(model, "lightning", direct, 8, Duration.ofMillis(5));
    assertThat(b).isSameAs(a);
    assertThat(InferenceQueues.open()).contains(a);
  }
}
