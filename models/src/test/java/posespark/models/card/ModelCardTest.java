package posespark.models.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

class ModelCardTest {

  @Test
  void moveNetThunderCardDescribesItsHeatmaps() {
    ModelCard card = ModelCards.find("movenet-thunder");
    assertThat(card.inputHeight()).isEqualTo(256);
    assertThat(card.inputDtype()).isEqualTo("int32");
    assertThat(card.inputRange()).containsExactly(0, 255);
    assertThat(card.outputShape("heatmaps")).containsExactly(-1, 64, 64, 17);
    assertThat(card.heatmapStride()).isEqualTo(4.0);
    assertThat(card.heatmapCellCentre()).isEqualTo(0.5);
    assertThat(card.heatmapActivation()).isEqualTo("sigmoid");
    assertThat(card.dynamicBatch()).isTrue();
  }

  @Test
  void blazePoseCardMapsItsLandmarksToCoco() {
    ModelCard card = ModelCards.find("blazepose-heavy");
    assertThat(card.cocoChannels())
        .containsExactly(0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28);
    assertThat(card.heatmapCellCentre()).isZero();
    assertThat(card.inputRange()).containsExactly(0, 1);
  }

  @Test
  void centernetRescalesItsHardSwishAndKeepsTheRemapper() {
    ModelCard centernet = ModelCards.find("centernet");
    assertThat(centernet.remapping()).isTrue();
    assertThat(centernet.recipe().rescaleHardSwish()).isTrue();
    assertThat(ModelCards.find("posenet").recipe().rescaleHardSwish()).isFalse();
  }

  @Test
  void aCardNextToTheModelCanTurnTheRemapperOff(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL), "runtime { remapping = false }\n");
    assertThat(ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL)).remapping()).isFalse();
    assertThat(ModelHost.withCard(HostOptions.defaults().withThreads(2, 1), dir))
        .isEqualTo(HostOptions.defaults().withThreads(2, 1).withRemapping(false));
  }

  @Test
  void everyZooModelHasACardWithChecksumsForItsFiles() {
    for (String name : ModelZoo.MODELS) {
      ModelCard card = ModelCards.find(name);
      assertThat(card.name()).isEqualTo(name);
      assertThat(card.sha256()).hasSize(card.sourceFiles().size());
      assertThat(card.sha256().values()).allMatch(s -> s.matches("[0-9a-f]{64}"));
    }
  }

  @Test
  void anInvalidCardNamesItsFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.conf"), "name = {");
    assertThatThrownBy(() -> ModelCard.read(file)).hasMessageContaining(file.toString());
  }
}
