package posespark.models.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.CropView;

class TtaOptionsTest {

  @Test
  void scalesAndRotationsBecomeViewsWithoutTheReference() {
    List<CropView> views = TtaOptions.views(TtaOptions.split("0.9, 1,1.15"), TtaOptions.split("-10,10"));
    assertThat(views).containsExactly(new CropView(0.9, 0), new CropView(1.15, 0), new CropView(1, -10),
        new CropView(1, 10));
  }

  @Test
  void configNumbersAndEmptyListsAreAccepted() {
    assertThat(TtaOptions.views(List.of(0.9, 1.1), List.of())).hasSize(2);
    assertThat(TtaOptions.views(TtaOptions.split(""), TtaOptions.split(" "))).isEmpty();
  }

  @Test
  void badValuesGiveOneLineNamingTheOption() {
    assertThatThrownBy(() -> TtaOptions.views(TtaOptions.split("0.9,big"), List.of()))
        .hasMessage("--tta-scales: 'big' is not a number");
    assertThatThrownBy(() -> TtaOptions.views(TtaOptions.split("0.9,,1.1"), List.of()))
        .hasMessage("--tta-scales: '' is not a number");
    assertThatThrownBy(() -> TtaOptions.views(List.of("3"), List.of()))
        .hasMessage("--tta-scales: 3 is outside [0.5, 2]");
    assertThatThrownBy(() -> TtaOptions.views(List.of(), List.of("-60")))
        .hasMessage("--tta-rotations: -60 is outside [-45, 45]");
  }

  @Test
  void viewsShowInTheEnsembleId() {
    PipelineConfig config = PipelineConfig.defaults();
    assertThat(config.ensembleId()).doesNotContain("tta");
    assertThat(config.withTta(TtaOptions.views(List.of("0.9"), List.of("10"))).ensembleId())
        .endsWith("/quarter/tta:s0.9,r10");
  }
}
