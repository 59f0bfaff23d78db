package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import posespark.models.card.ModelCard;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;
import posespark.models.runtime.ModelOutput;
import posespark.models.pytorch.PthReader;
import posespark.models.pytorch.TorchTensor;

/**
 * The committed width-2 fixture (96x64 input, 2 images) was made by hrnet_reference.py, an
 * independent PyTorch implementation; the imported SavedModel must reproduce its heatmaps.
 */
class HrnetImportTest {

  static ReferenceRun fixture() throws Exception {
    return ReferenceRun.open(Path.of(HrnetImportTest.class.getResource("/hrnet/w2_96x64/reference.json").toURI()).getParent());
  }

  @TempDir
  static Path shared;
  /** The fixture exported once; the tests that only read the export share it. */
  private static Path exported;

  @BeforeAll
  static void exportFixture() throws Exception {
    ReferenceRun ref = fixture();
    exported = shared.resolve("hrnet");
    HrnetSavedModel.export(ref.config(), new CheckpointWeights(PthReader.readStateDict(ref.checkpoint()), "fixture"),
        new HrnetModelCard(ref.config(), "fixture", "-", false), exported);
  }

  @Test
  void importedCheckpointMatchesPyTorchHeatmaps() throws Exception {
    ReferenceRun ref = fixture();
    Path model = exported;

    double diff = ReferenceRun.maxAbsDiff(ref.run(model), ref.expectedHeatmaps());
    LoggerFactory.getLogger(HrnetImportTest.class).info("max |TF - PyTorch| = {}", diff);

    assertThat(diff).as("max |TF - PyTorch| over %d heatmap values", ref.expectedHeatmaps().length).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void exportWritesCardBesideSavedModel() throws Exception {
    Path model = exported;

    assertThat(model.resolve("saved_model.pb")).exists();
    ModelCard card = ModelCard.read(model.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    assertThat(card.name()).isEqualTo("hrnet-w2-96x64");
    assertThat(card.outputShape("heatmaps")).containsExactly(-1, 24, 16, 17);
    assertThat(card.config().getBoolean("source.random-weights")).isFalse();
    try (var siblings = Files.list(shared)) {
      assertThat(siblings).as("no staging directory left behind").containsExactly(model);
    }
  }

  @Test
  void exportRunsInModelHostLikeZooModels() throws Exception {
    ReferenceRun ref = fixture();
    try (LoadedModel loaded = ModelHost.get(exported)) {
      ModelOutput heatmaps = loaded.run(ModelInput.ofFloats(ref.input(), ref.inputShape()), HrnetSavedModel.OUTPUT);

      assertThat(heatmaps.shape()).containsExactly(ref.heatmapsShape());
      assertThat(ReferenceRun.maxAbsDiff(heatmaps.data(), ref.expectedHeatmaps())).isLessThanOrEqualTo(1e-4);
    } finally {
      ModelHost.closeAll();
    }
  }

  @Test
  void missingKeyIsNamed(@TempDir Path dir) throws Exception {
    ReferenceRun ref = fixture();
    Map<String, TorchTensor> state = new HashMap<>(PthReader.readStateDict(ref.checkpoint()));
    state.remove("stage3.2.fuse_layers.2.0.1.0.weight");
    CheckpointWeights weights = new CheckpointWeights(state, "cut.pth");

    assertThatThrownBy(() -> HrnetSavedModel.export(ref.config(), weights,
        new HrnetModelCard(ref.config(), "cut", "-", false), dir.resolve("m")))
        .hasMessageContaining("cut.pth").hasMessageContaining("missing key stage3.2.fuse_layers.2.0.1.0.weight");
    assertThat(dir.resolve("m")).doesNotExist();
  }

  @Test
  void checkpointOfAnotherWidthIsRejectedNamingTheKey(@TempDir Path dir) throws Exception {
    ReferenceRun ref = fixture();
    HrnetConfig wider = new HrnetConfig(4, ref.config().inputHeight(), ref.config().inputWidth());
    CheckpointWeights weights = new CheckpointWeights(PthReader.readStateDict(ref.checkpoint()), "w2.pth");

    assertThatThrownBy(() -> HrnetSavedModel.export(wider, weights, new HrnetModelCard(wider, "w2", "-", false), dir.resolve("m")))
        .hasMessageContaining("w2.pth: key transition1.0.0.weight has shape [2, 256, 3, 3]");
  }

  @Test
  void unexpectedKeysAreRejected(@TempDir Path dir) throws Exception {
    ReferenceRun ref = fixture();
    Map<String, TorchTensor> state = new HashMap<>(PthReader.readStateDict(ref.checkpoint()));
    state.put("head.extra.weight", new TorchTensor("Float", new long[] {1}, new float[] {1f}));
    CheckpointWeights weights = new CheckpointWeights(state, "extra.pth");

    assertThatThrownBy(() -> HrnetSavedModel.export(ref.config(), weights,
        new HrnetModelCard(ref.config(), "x", "-", false), dir.resolve("m")))
        .hasMessageContaining("extra.pth: 1 unexpected key(s)").hasMessageContaining("head.extra.weight");
  }

  @Test
  void dataParallelPrefixIsAccepted(@TempDir Path dir) throws Exception {
    ReferenceRun ref = fixture();
    Map<String, TorchTensor> prefixed = new HashMap<>();
    PthReader.readStateDict(ref.checkpoint()).forEach((k, v) -> prefixed.put("module." + k, v));
    Path model = dir.resolve("hrnet");
    HrnetSavedModel.export(ref.config(), new CheckpointWeights(prefixed, "dp"), new HrnetModelCard(ref.config(), "dp", "-", false), model);

    assertThat(ReferenceRun.maxAbsDiff(ref.run(model), ref.expectedHeatmaps())).isLessThanOrEqualTo(1e-4);
  }
}
