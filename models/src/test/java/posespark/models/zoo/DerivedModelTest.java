package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.tfjs.ModelImportException;

class DerivedModelTest {
  @TempDir
  Path root;

  @Test
  void int8VariantsOfZooModelsAreDerivedNames() {
    assertThat(ModelZoo.isDerived("movenet-thunder-int8")).isTrue();
    assertThat(ModelZoo.isDerived("movenet-thunder")).isFalse();
    assertThat(ModelZoo.isDerived("nope-int8")).isFalse();
  }

  @Test
  void aDerivedModelLoadsFromItsFolderOnceBuiltAndSaysHowToBuildItBefore() throws Exception {
    ModelZoo zoo = new ModelZoo(new ModelCache(root));
    assertThatThrownBy(() -> zoo.derivedDir("movenet-thunder-int8"))
        .isInstanceOf(ModelImportException.class)
        .hasMessageContaining("submit/models quantize movenet-thunder --calibration");
    Path dir = root.resolve("models").resolve("movenet-thunder-int8");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("saved_model.pb"), "");
    Files.writeString(dir.resolve("card.conf"), "name = movenet-thunder-int8\n");
    assertThat(zoo.derivedDir("movenet-thunder-int8")).isEqualTo(dir);
  }
}
