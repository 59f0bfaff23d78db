package posespark.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;

class TfjsConverterTest {
  @TempDir
  Path dir;

  @Test
  void convertedTinyModelComputesTheHandDerivedResult() throws Exception {
    Path json = TinyTfjsModel.write(dir);
    Path out = dir.resolve("saved");
    TfjsConverter.convert(json, TinyTfjsModel.recipe(), out);
    LoadedModel model = ModelHost.get(out);
    float[] y = model.run(ModelInput.ofFloats(new float[] {1, 2, -1, 0}, 2, 2), "y").data();
    // row 1: [1,2]·W + b = [2.5, -2.5] → relu [2.5, 0]; row 2: [-1,0]·W + b = [-0.5, 1] → [0, 1]
    assertThat(y).containsExactly(2.5f, 0f, 0f, 1f);
  }

  @Test
  void int64ConstantsStoredAsInt32AreWidened() throws Exception {
    GraphDef g = WeightBinder.bind(TfjsGraphModel.read(TinyTfjsModel.write(dir)));
    NodeDef shape = g.getNodeList().stream().filter(n -> n.getName().equals("shape")).findFirst().orElseThrow();
    assertThat(shape.getAttrOrThrow("value").getTensor().getDtype()).isEqualTo(DataType.DT_INT64);
    assertThat(shape.getAttrOrThrow("value").getTensor().getTensorContent().size()).isEqualTo(16);
  }

  @Test
  void corruptJsonIsReportedWithTheFileName() throws Exception {
    Path json = TinyTfjsModel.write(dir);
    Files.writeString(json, TinyTfjsModel.JSON.substring(0, 200));
    assertThatThrownBy(() -> TfjsGraphModel.read(json)).isInstanceOf(ModelImportException.class)
        .hasMessageContaining(json.toString()).hasMessageContaining("not valid JSON");
  }

  @Test
  void truncatedWeightsAreReportedWithTheBinName() throws Exception {
    Path json = TinyTfjsModel.write(dir);
    Path bin = dir.resolve("tiny.bin");
    Files.write(bin, Arrays.copyOf(TinyTfjsModel.bin(), TinyTfjsModel.binLength() - 3));
    assertThatThrownBy(() -> TfjsGraphModel.read(json)).isInstanceOf(ModelImportException.class)
        .hasMessageContaining(bin.toString()).hasMessageContaining("truncated weights")
        .hasMessageContaining("needs 18 bytes, the file has 15");
  }

  @Test
  void missingWeightsFileIsReportedWithItsName() throws Exception {
    Path json = TinyTfjsModel.write(dir);
    Files.delete(dir.resolve("tiny.bin"));
    assertThatThrownBy(() -> TfjsGraphModel.read(json)).isInstanceOf(ModelImportException.class)
        .hasMessageContaining(dir.resolve("tiny.bin").toString()).hasMessageContaining("missing");
  }

  @Test
  void missingModelJsonIsReportedWithItsName() {
    Path json = dir.resolve("absent.json");
    assertThatThrownBy(() -> TfjsGraphModel.read(json)).isInstanceOf(ModelImportException.class)
        .hasMessageContaining(json.toString()).hasMessageContaining("missing");
  }

  @Test
  void anOutputThatIsNotInTheGraphNamesTheModelAndTheTensor() throws Exception {
    Path json = TinyTfjsModel.write(dir);
    ConversionRecipe recipe = ConversionRecipe.builder("x").output("y", "no/such/node").build();
    assertThatThrownBy(() -> TfjsConverter.convert(json, recipe, dir.resolve("out")))
        .isInstanceOf(ModelImportException.class).hasMessageContaining(json.toString())
        .hasMessageContaining("no/such/node");
  }
}
