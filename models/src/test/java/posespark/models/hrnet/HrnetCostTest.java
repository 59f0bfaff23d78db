package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Parameter and FLOP counts against PyTorch's (counts.json, written by
 * {@code hrnet_reference.py counts}: sum of parameter sizes, conv MACs from forward hooks) and the
 * published figures (28.5M for W32, 63.6M for W48; GFLOPs 7.1 / 16.0 / 14.6 / 32.9).
 */
class HrnetCostTest {

  private static JsonNode pytorchCounts() throws Exception {
    return new ObjectMapper().readTree(HrnetCostTest.class.getResource("/hrnet/counts.json"));
  }

  @Test
  void paramsAndConvMacsEqualPyTorchCounts() throws Exception {
    JsonNode models = pytorchCounts().get("models");
    assertThat(models).hasSize(4);
    for (JsonNode m : models) {
      HrnetConfig config = new HrnetConfig(m.get("width").asInt(), m.get("input_height").asInt(), m.get("input_width").asInt());
      HrnetCost.Summary cost = HrnetCost.of(config);
      assertThat(cost.params()).as("params of %s", config.name()).isEqualTo(m.get("params").asLong());
      assertThat(cost.flops()).as("conv MACs of %s", config.name()).isEqualTo(m.get("conv_macs").asLong());
    }
  }

  @Test
  void paramsRoundToPublishedMillions() {
    assertThat(Math.round(HrnetCost.of(new HrnetConfig(32, 256, 192)).params() / 1e5) / 10.0).isEqualTo(28.5);
    assertThat(Math.round(HrnetCost.of(new HrnetConfig(48, 384, 288)).params() / 1e5) / 10.0).isEqualTo(63.6);
  }

  /** The reference's model summary prints conv multiply-adds divided by 1024^3 as "GFLOPs". */
  @Test
  void flopsMatchPublishedGflopsInTheReferenceConvention() {
    assertThat(publishedGflops(new HrnetConfig(32, 256, 192))).isEqualTo(7.1);
    assertThat(publishedGflops(new HrnetConfig(32, 384, 288))).isEqualTo(16.0);
    assertThat(publishedGflops(new HrnetConfig(48, 256, 192))).isEqualTo(14.6);
    assertThat(publishedGflops(new HrnetConfig(48, 384, 288))).isEqualTo(32.9);
  }

  private static double publishedGflops(HrnetConfig config) {
    return Math.round(HrnetCost.of(config).flops() / Math.pow(1024, 3) * 10) / 10.0;
  }

  @Test
  void paramsDoNotDependOnInputSize() {
    assertThat(HrnetCost.of(new HrnetConfig(48, 256, 192)).params()).isEqualTo(HrnetCost.of(new HrnetConfig(48, 384, 288)).params());
  }

  @Test
  void flopsGrowWithInputArea() {
    long small = HrnetCost.of(new HrnetConfig(32, 256, 192)).flops();
    long large = HrnetCost.of(new HrnetConfig(32, 512, 384)).flops();
    assertThat(large).isEqualTo(4 * small);
  }
}
