package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

  @Test
  void medianInterpolatesBetweenTheMiddleTwoOfAnEvenCount() {
    LatencyStats s = new LatencyStats();
    s.addAll(List.of(40.0, 10.0, 30.0, 20.0));

    assertThat(s.median()).isEqualTo(25.0);
    assertThat(s.quantile(0)).isEqualTo(10.0);
    assertThat(s.quantile(1)).isEqualTo(40.0);
  }

  @Test
  void emptyStatsHaveNoMedian() {
    assertThat(new LatencyStats().median()).isNaN();
  }
}
