package posespark.models.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

  @Test
  void ensembleSpecParsesNamesAndWeightsInOrder() {
    Map<String, Double> e = PipelineConfig.parseEnsemble("movenet-thunder:3, blazepose-heavy");
    assertThat(e).containsExactly(Map.entry("movenet-thunder", 3.0), Map.entry("blazepose-heavy", 1.0));
  }

  @Test
  void badEnsembleSpecsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> PipelineConfig.parseEnsemble("a:x")).hasMessageContaining("a:x");
    assertThatThrownBy(() -> PipelineConfig.parseEnsemble("a,a")).hasMessageContaining("twice");
    assertThatThrownBy(() -> PipelineConfig.defaults().withEnsemble(Map.of("a", 0.0)))
        .hasMessageContaining("must not all be 0");
  }

  @Test
  void ensembleIdNamesMembersWeightsAndDecoding() {
    assertThat(PipelineConfig.defaults().ensembleId())
        .isEqualTo("movenet-thunder:2+blazepose-heavy:1/flip/prior/quarter");
    assertThat(PipelineConfig.defaults().withFlip(false).withPrior(false).ensembleId())
        .isEqualTo("movenet-thunder:2+blazepose-heavy:1/quarter");
  }

  @Test
  void refinementIsOffByDefault() {
    assertThat(PipelineConfig.defaults().refine()).isFalse();
  }

  @Test
  void decoderNamesParseCaseInsensitivelyAndUnknownOnesAreNamed() {
    assertThat(posespark.models.ensemble.Localisation.parse("DARK"))
        .isEqualTo(posespark.models.ensemble.Localisation.DARK);
    assertThatThrownBy(() -> posespark.models.ensemble.Localisation.parse("udp"))
        .hasMessageContaining("'udp'");
  }
}
