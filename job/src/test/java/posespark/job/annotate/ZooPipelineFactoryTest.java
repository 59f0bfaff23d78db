package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.CropView;

/** The zoo factory's settings from the run's {@code posespark.pipeline} block. */
class ZooPipelineFactoryTest {

  private static PipelineSpec spec(String pipelineBlock) {
    return new PipelineSpec(ZooPipelineFactory.class.getName(), List.of(), true, false, "quarter",
        true, pipelineBlock);
  }

  @Test
  void detectorComesFromThePipelineBlock() {
    assertThat(ZooPipelineFactory.config(spec("{\"detector\":\"nanodet\"}")).detector())
        .isEqualTo("nanodet");
  }

  @Test
  void withoutADetectorKeyTheDefaultDetectorIsUsed() {
    assertThat(ZooPipelineFactory.config(spec("{}")).detector()).isEqualTo("centernet");
  }

  private static PipelineSpec refining(String pipelineBlock) {
    return new PipelineSpec(ZooPipelineFactory.class.getName(), List.of(), true, true, "quarter",
        true, pipelineBlock);
  }

  @Test
  void refinementIsNamedInTheModelsIdAndALearnedRefinerComesFromTheBlock() {
    assertThat(new ZooPipelineFactory().modelsId(refining("{}")))
        .isEqualTo("movenet-thunder:2+blazepose-heavy:1/flip/prior/quarter/refine:prior/s4/union-k1.25");
    assertThat(ZooPipelineFactory.refineSettings(refining("{\"refiner-model\":\"/models/fix\"}")).model())
        .isEqualTo(java.nio.file.Path.of("/models/fix"));
    assertThat(ZooPipelineFactory.refineSettings(refining("{\"refiner-model\":\"\"}")).model()).isNull();
  }

  @Test
  void aRefinerModelFolderWithoutACardIsRefusedBeforeTheRun() {
    assertThatThrownBy(() -> new ZooPipelineFactory().validate(refining("{\"refiner-model\":\"/no/such/refiner\"}")))
        .hasMessage("refiner-model /no/such/refiner: no SavedModel with a card.conf there");
  }

  @Test
  void unknownDetectorIsRefused() {
    assertThatThrownBy(() -> new ZooPipelineFactory().validate(spec("{\"detector\":\"yolo\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--detector must be one of centernet, nanodet, multipose, not 'yolo'");
  }

  @Test
  void severalDetectorsBecomeFusedProposals() {
    assertThat(ZooPipelineFactory.config(spec(
        "{\"detectors\":[\"centernet\",\"multipose\"],\"box-fusion\":\"nms\"}")).detector())
        .isEqualTo("centernet+multipose/nms");
    assertThat(ZooPipelineFactory.config(spec("{\"detectors\":[\"centernet\",\"nanodet\"]}"))
        .detector()).as("wbf by default").isEqualTo("centernet+nanodet/wbf");
  }

  @Test
  void bottomUpModeNamesItsModelAndFusedDetectorsListTheirs() {
    ZooPipelineFactory factory = new ZooPipelineFactory();
    assertThat(factory.modelsId(spec("{\"mode\":\"bottom-up\"}")))
        .isEqualTo("movenet-multipose/bottom-up");
    assertThat(factory.modelDigests(spec("{\"detectors\":[\"nanodet\",\"multipose\"]}")).keySet())
        .containsExactly("movenet-thunder", "blazepose-heavy", "nanodet", "movenet-multipose");
  }

  @Test
  void testTimeAugmentationViewsComeFromThePipelineBlock() {
    assertThat(ZooPipelineFactory.config(spec("{\"tta\":{\"scales\":[0.9,1,1.15],\"rotations\":[\"-10\"]}}")).tta())
        .containsExactly(new CropView(0.9, 0), new CropView(1.15, 0), new CropView(1, -10));
    assertThat(ZooPipelineFactory.config(spec("{\"tta\":{\"scales\":[],\"rotations\":[]}}")).tta()).isEmpty();
    assertThat(ZooPipelineFactory.config(spec("{}")).tta()).as("default").isEmpty();
  }
}
