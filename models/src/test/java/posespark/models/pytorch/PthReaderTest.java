package posespark.models.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written by PyTorch 1.13 (models/src/test/python/hrnet_reference.py pickle-fixtures). */
class PthReaderTest {

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(PthReaderTest.class.getResource("/hrnet/pickle/" + name).toURI());
  }

  private static void assertMatchesPyTorch(Map<String, TorchTensor> tensors) throws Exception {
    JsonNode expected = new ObjectMapper().readTree(fixture("tiny_expected.json").toFile());
    assertThat(tensors.keySet()).containsExactlyInAnyOrder("conv.weight", "conv.transposed", "bn.num_batches_tracked",
        "bn.running_var", "shared.slice", "double.values");
    for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      TorchTensor tensor = tensors.get(key);
      long[] shape = new ObjectMapper().convertValue(expected.get(key).get("shape"), long[].class);
      assertThat(tensor.shape()).as("shape of %s", key).containsExactly(shape);
      JsonNode values = expected.get(key).get("values");
      assertThat(tensor.values()).as("number of values of %s", key).hasSize(values.size());
      for (int i = 0; i < values.size(); i++) {
        assertThat(tensor.values()[i]).as("%s[%d]", key, i).isEqualTo((float) values.get(i).asDouble());
      }
    }
  }

  @Test
  void readsZipFormatIncludingStridedAndOffsetViews() throws Exception {
    assertMatchesPyTorch(PthReader.readStateDict(fixture("tiny_zip.pth")));
  }

  @Test
  void readsLegacyFormat() throws Exception {
    assertMatchesPyTorch(PthReader.readStateDict(fixture("tiny_legacy.pth")));
  }

  @Test
  void unwrapsStateDictOfTrainingCheckpoint() throws Exception {
    assertMatchesPyTorch(PthReader.readStateDict(fixture("tiny_wrapped.pth")));
  }

  @Test
  void keepsDtypeNames() throws Exception {
    Map<String, TorchTensor> tensors = PthReader.readStateDict(fixture("tiny_zip.pth"));
    assertThat(tensors.get("bn.num_batches_tracked").dtype()).isEqualTo("Long");
    assertThat(tensors.get("double.values").dtype()).isEqualTo("Double");
    assertThat(tensors.get("conv.weight").isFloatingPoint()).isTrue();
  }

  @Test
  void rejectsFileThatIsNoCheckpointNamingIt(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("weights.pth");
    Files.writeString(text, "not a checkpoint");
    assertThatThrownBy(() -> PthReader.readStateDict(text))
        .isInstanceOf(IOException.class).hasMessageContaining(text.toString()).hasMessageContaining("not a PyTorch checkpoint");
  }

  @Test
  void rejectsTruncatedCheckpoint(@TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(fixture("tiny_legacy.pth"));
    Path cut = dir.resolve("cut.pth");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 20));
    assertThatThrownBy(() -> PthReader.readStateDict(cut)).isInstanceOf(IOException.class).hasMessageContaining(cut.toString());
  }

  @Test
  void convertsHalfPrecisionExactly() {
    assertThat(StorageType.halfToFloat((short) 0x3c00)).isEqualTo(1.0f);
    assertThat(StorageType.halfToFloat((short) 0xc000)).isEqualTo(-2.0f);
    assertThat(StorageType.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(StorageType.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
    assertThat(StorageType.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
  }
}
