package posespark.models.pose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.ImageFixtures;
import posespark.models.image.DecodedImage;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.samples.SamplePhotos;
import posespark.models.scoring.PoseScoringModel;
import posespark.models.zoo.ModelZoo;

/**
 * The session options given to {@link PosePipelines#create(PipelineConfig, boolean, HostOptions)}
 * reach every model the pipeline loads (members and detector), each keeping its card's remapping
 * choice; with a GPU device named, TensorFlow without GPU support still runs the models (on CPU).
 */
class PipelineSessionOptionsTest {

  // Thread counts no default uses, so these sessions are told apart from any other test's.
  private static final HostOptions SESSION = HostOptions.defaults().withThreads(3, 5).withGpu(0);

  @Test
  void everyModelOfThePipelineIsLoadedWithTheGivenThreadsAndDevice() {
    PipelineConfig config = PipelineConfig.defaults();
    PosePipelines.create(config, true, SESSION);

    Map<Path, HostOptions> loaded = ModelHost.loaded().stream()
        .filter(m -> m.options().intraOpThreads() == 3)
        .collect(Collectors.toMap(LoadedModel::directory, LoadedModel::options));
    for (String name : List.of("movenet-thunder", "blazepose-heavy", "centernet")) {
      Path dir = ModelZoo.ensureReady(name).toAbsolutePath().normalize();
      boolean cardRemapping = ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL)).remapping();
      assertThat(loaded).as(name).containsEntry(dir, SESSION.withRemapping(cardRemapping));
    }
  }

  @Test
  void aGpuDeviceOnCpuOnlyTensorFlowStillRunsThePipeline() throws Exception {
    DecodedImage astronaut = ImageFixtures.read(SamplePhotos.get(SamplePhotos.ASTRONAUT));
    PosePipeline pipeline = PosePipelines.create(PipelineConfig.defaults(), true, SESSION);

    ImagePoses result = pipeline.annotate(List.of(new PoseRequest(1, astronaut, null))).get(0);

    assertThat(result.error()).isNull();
    assertThat(result.persons().stream()
        .filter(p -> p.poseScore() >= PoseScoringModel.committed().minPoseScore())).hasSize(1);
  }
}
