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

  @Test
  void unknownDetectorIsRefused() {
    assertThatThrownBy(() -> new ZooPipelineFactory().validate(spec("{\"detector\":\"yolo\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--detector must be one of centernet, nanodet, not 'yolo'");
  }

  @Test
  void testTimeAugmentationViewsComeFromThePipelineBlock() {
    assertThat(ZooPipelineFactory.config(spec("{\"tta\":{\"scales\":[0.9,1,1.15],\"rotations\":[\"-10\"]}}")).tta())
        .containsExactly(new CropView(0.9, 0), new CropView(1.15, 0), new CropView(1, -10));
    assertThat(ZooPipelineFactory.config(spec("{\"tta\":{\"scales\":[],\"rotations\":[]}}")).tta()).isEmpty();
    assertThat(ZooPipelineFactory.config(spec("{}")).tta()).as("default").isEmpty();
  }
}
