package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.MemberSpec;
import posespark.models.ensemble.ZooMembers;
import posespark.models.pytorch.PthReader;
import posespark.models.zoo.ModelCache;

/** Exported HRNets are found in the model cache and read as ensemble members like zoo models. */
class HrnetCacheTest {

  @Test
  void exportedModelIsReadyAndItsCardMakesAnEnsembleMember(@TempDir Path root) throws Exception {
    ModelCache cache = new ModelCache(root);
    ReferenceRun ref = HrnetImportTest.fixture();
    String name = ref.config().name();
    HrnetSavedModel.export(ref.config(), new CheckpointWeights(PthReader.readStateDict(ref.checkpoint()), "fixture"),
        new HrnetModelCard(ref.config(), "fixture", "-", false), cache.model(name));

    Path dir = HrnetCache.ready(name, cache);
    MemberSpec spec = ZooMembers.spec(ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL)));

    assertThat(spec.name()).isEqualTo("hrnet-w2-96x64");
    assertThat(spec.inputWidth()).isEqualTo(64);
    assertThat(spec.inputHeight()).isEqualTo(96);
    assertThat(spec.intInput()).isFalse();
    assertThat(spec.scalePixel(255f)).isEqualTo(255f);
    assertThat(spec.heatmapKey()).isEqualTo("heatmaps");
    assertThat(spec.heatmapChannels()).isEqualTo(17);
    assertThat(spec.grid().width()).isEqualTo(16);
    assertThat(spec.grid().height()).isEqualTo(24);
    assertThat(spec.grid().cellOffset()).as("cell i centred at pixel 4i").isZero();
    assertThat(spec.logits()).isFalse();
  }

  @Test
  void missingModelNamesTheImportCommand(@TempDir Path root) {
    assertThatThrownBy(() -> HrnetCache.ready("hrnet-w48-384x288", new ModelCache(root)))
        .hasMessageContaining("submit/models hrnet --width 48 --input 384x288 --checkpoint pose_hrnet_w48_384x288.pth");
  }

  @Test
  void randomWeightsAreNotAnEnsembleMember(@TempDir Path root) throws Exception {
    ModelCache cache = new ModelCache(root);
    HrnetConfig config = new HrnetConfig(2, 64, 64);
    HrnetSavedModel.export(config, new RandomWeights(3), new HrnetModelCard(config, "random", "-", true),
        cache.model(config.name()));

    assertThatThrownBy(() -> HrnetCache.ready(config.name(), cache)).hasMessageContaining("RANDOM weights");
  }

  @Test
  void recognisesHrnetNamesOnly() {
    assertThat(HrnetCache.isHrnetName("hrnet-w32-256x192")).isTrue();
    assertThat(HrnetCache.isHrnetName("movenet-thunder")).isFalse();
  }
}
