package posespark.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

class HostOptionsTest {

  @Test
  void defaultsLeaveGraphOptionsToTensorFlow() {
    ConfigProto config = HostOptions.defaults().toConfigProto();

    assertThat(config.hasGraphOptions()).isFalse();
    assertThat(config.getDeviceCountMap()).containsEntry("GPU", 0);
  }

  @Test
  void xlaJitAndRemappingOffAreBothInTheSessionConfig() {
    ConfigProto config = HostOptions.defaults().withRemapping(false).withXlaJit(true).withThreads(2, 1)
        .toConfigProto();

    assertThat(config.getGraphOptions().getOptimizerOptions().getGlobalJitLevel())
        .isEqualTo(OptimizerOptions.GlobalJitLevel.ON_2);
    assertThat(config.getGraphOptions().getRewriteOptions().getRemapping()).isEqualTo(RewriterConfig.Toggle.OFF);
    assertThat(config.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(config.getInterOpParallelismThreads()).isEqualTo(1);
  }

  @Test
  void xlaJitAloneKeepsTheRemapperOn() {
    ConfigProto config = HostOptions.defaults().withXlaJit(true).toConfigProto();

    assertThat(config.getGraphOptions().getOptimizerOptions().getGlobalJitLevel())
        .isEqualTo(OptimizerOptions.GlobalJitLevel.ON_2);
    assertThat(config.getGraphOptions().getRewriteOptions().getRemapping()).isEqualTo(RewriterConfig.Toggle.DEFAULT);
  }
}
