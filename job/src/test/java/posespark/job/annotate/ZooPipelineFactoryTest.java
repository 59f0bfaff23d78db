package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
