package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.card.ModelCard;
import posespark.models.card.ModelCards;
import posespark.models.tfjs.ModelImportException;

class ModelZooTest {
  @TempDir
  Path dir;

  @Test
  void aModelFileWhoseChecksumDiffersFromTheCardIsRefusedByName() throws Exception {
    ModelCard card = ModelCards.find("posenet");
    Path json = Files.writeString(dir.resolve("posenet.json"), "{}");
    Path bin = Files.writeString(dir.resolve("posenet.bin"), "");
    assertThatThrownBy(() -> ModelZoo.verifyChecksums(card, List.of(json, bin)))
        .isInstanceOf(ModelImportException.class).hasMessageContaining(json.toString())
        .hasMessageContaining("checksum mismatch").hasMessageContaining(card.sha256().get("posenet.json"));
  }

  @Test
  void aMissingModelFileIsRefusedByName() {
    ModelCard card = ModelCards.find("posenet");
    Path json = dir.resolve("posenet.json");
    assertThatThrownBy(() -> ModelZoo.verifyChecksums(card, List.of(json)))
        .isInstanceOf(ModelImportException.class).hasMessageContaining(json.toString())
        .hasMessageContaining("missing");
  }

  @Test
  void statusIsMissingInAnEmptyCacheAndErrorForAnIncompleteFolder() throws Exception {
    ModelZoo zoo = new ModelZoo(new ModelCache(dir));
    assertThat(zoo.status("movenet-thunder")).isEqualTo(ModelStatus.MISSING);
    Files.createDirectories(zoo.modelDir("movenet-thunder"));
    assertThat(zoo.status("movenet-thunder")).isEqualTo(ModelStatus.ERROR);
  }

  @Test
  void unknownModelNamesAreRefusedWithTheZooList() {
    ModelZoo zoo = new ModelZoo(new ModelCache(dir));
    assertThatThrownBy(() -> zoo.status("hrnet-w99")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hrnet-w99").hasMessageContaining("movenet-thunder");
  }
}
