package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Thresholds carry numpy's exact bits (values printed by src/test/python/eval_goldens.py). */
class EvalParamsTest {

  @Test
  void iouThresholdsEqualNumpyLinspaceBitForBit() {
    double[] numpy = {
        0x1.0000000000000p-1, 0x1.199999999999ap-1, 0x1.3333333333333p-1, 0x1.4cccccccccccdp-1,
        0x1.6666666666666p-1, 0x1.8000000000000p-1, 0x1.999999999999ap-1, 0x1.b333333333333p-1,
        0x1.cccccccccccccp-1, 0x1.e666666666666p-1};
    assertThat(EvalParams.keypoints().iouThrs()).containsExactly(numpy);
  }

  @Test
  void recallThresholdsAreStepTimesIndexAndEndAtOne() {
    double[] rec = EvalParams.bbox().recThrs();
    assertThat(rec).hasSize(101);
    assertThat(rec[7]).isEqualTo(7 * 0.01);
    assertThat(rec[100]).isEqualTo(1.0);
  }

  @Test
  void pointFiveAndPointSevenFiveAreAmongTheThresholds() {
    double[] t = EvalParams.keypoints().iouThrs();
    assertThat(t[0]).isEqualTo(0.5);
    assertThat(t[5]).isEqualTo(0.75);
  }

  @Test
  void pythonStyleFormattingRoundsTheExactBinaryValueHalfEven() {
    assertThat(CocoEvalResult.fixed(0.125, 2)).isEqualTo("0.12");
    assertThat(CocoEvalResult.fixed(0.0005, 3)).isEqualTo("0.001");
    assertThat(CocoEvalResult.fixed(-1, 3)).isEqualTo("-1.000");
  }
}
