package posespark.models.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import posespark.models.ensemble.ImageFixtures;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PosePipelines;
import posespark.models.pose.PoseRequest;
import posespark.models.refine.RefineSettings;
import posespark.models.samples.SamplePhotos;

/**
 * The pose pipeline with its members behind inference queues, called by concurrent "tasks", gives
 * the keypoints and scores of the pipeline without queues (movenet-lightning + flip on sample
 * photos with given boxes).
 */
class QueuedPipelineTest {

  private static final PipelineConfig LIGHTNING = PipelineConfig.defaults()
      .withEnsemble(Map.of("movenet-lightning", 1.0)).withMaxBatch(8);

  private static List<PoseRequest> requests;

  @BeforeAll
  static void photos() throws Exception {
    DecodedImage astronaut = ImageFixtures.read(SamplePhotos.get(SamplePhotos.ASTRONAUT));
    DecodedImage messi = ImageFixtures.read(SamplePhotos.get(SamplePhotos.MESSI));
    requests = List.of(
        new PoseRequest(1, astronaut, List.of(new Box(20, 10, 350, 500, 0.9))),
        new PoseRequest(2, messi, List.of(new Box(180, 20, 200, 320, 0.8), new Box(10, 40, 150, 300, 0.5))),
        new PoseRequest(3, astronaut, List.of(new Box(100, 50, 300, 300, 0.7), new Box(0, 0, 512, 512, 0.6))),
        new PoseRequest(4, messi, List.of(new Box(200, 60, 160, 260, 0.9))));
  }

  @AfterAll
  static void close() {
    InferenceQueues.closeAll();
  }

  @Test
  void concurrentTasksThroughTheQueueGetTheUnqueuedKeypoints() throws Exception {
    PosePipeline plain = PosePipelines.create(LIGHTNING, false, null, RefineSettings.defaults(),
        BatchingOptions.OFF);
    PosePipeline queued = PosePipelines.create(LIGHTNING, false, null, RefineSettings.defaults(),
        new BatchingOptions(true, 8, Duration.ofMillis(200)));
    List<ImagePoses> want = new ArrayList<>();
    for (PoseRequest r : requests) {
      want.add(plain.annotate(List.of(r)).get(0));
    }
    ExecutorService tasks = Executors.newFixedThreadPool(requests.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ImagePoses>> got = new ArrayList<>();
    for (PoseRequest r : requests) {
      got.add(tasks.submit(() -> {
        start.await();
        return queued.annotate(List.of(r)).get(0);
      }));
    }
    start.countDown();
    try {
      for (int i = 0; i < requests.size(); i++) {
        ImagePoses a = got.get(i).get();
        ImagePoses b = want.get(i);
        assertThat(a.error()).as("image %d error", i).isNull();
        assertThat(a.persons()).as("image %d persons", i).hasSameSizeAs(b.persons());
        for (int p = 0; p < a.persons().size(); p++) {
          PersonPose x = a.persons().get(p);
          PersonPose y = b.persons().get(p);
          assertThat(x.box()).isEqualTo(y.box());
          assertThat(Math.abs(x.poseScore() - y.poseScore())).as("image %d person %d score", i, p)
              .isLessThanOrEqualTo(1e-6);
          float[] kx = x.keypoints();
          float[] ky = y.keypoints();
          for (int k = 0; k < kx.length; k++) {
            assertThat((double) Math.abs(kx[k] - ky[k])).as("image %d person %d value %d", i, p, k)
                .isLessThanOrEqualTo(1e-6);
          }
        }
      }
    } finally {
      tasks.shutdownNow();
    }
    InferenceQueue queue = InferenceQueues.open().stream()
        .filter(q -> q.name().equals("movenet-lightning")).findFirst().orElseThrow();
    assertThat(queue.inputs()).as("crops + flips of all requests").isEqualTo(2 * 6);
    assertThat(queue.modelCalls()).as("fewer model calls than tasks: batches were merged")
        .isLessThan(requests.size());

    InferenceQueues.closeAll();
    ImagePoses again = queued.annotate(List.of(requests.get(0))).get(0);
    assertThat(again.error()).as("a pipeline built before closeAll gets a new queue").isNull();
    assertThat(again.persons().get(0).keypoints()).containsExactly(want.get(0).persons().get(0).keypoints());
  }
}
