package posespark.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {

  @Test
  void normalNumbersDecodeExactly() {
    assertThat(Float16.toFloat(0x3C00)).isEqualTo(1.0f);
    assertThat(Float16.toFloat(0xC000)).isEqualTo(-2.0f);
    assertThat(Float16.toFloat(0x3555)).isEqualTo(0.333251953125f); // 1365/4096
    assertThat(Float16.toFloat(0x7BFF)).isEqualTo(65504.0f);          // largest half
    assertThat(Float16.toFloat(0x0400)).isEqualTo(6.103515625e-5f);   // smallest normal, 2^-14
  }

  @Test
  void subnormalsDecodeToMantissaTimesTwoToMinus24() {
    assertThat(Float16.toFloat(0x0001)).isEqualTo(5.9604644775390625e-8f); // 2^-24
    assertThat(Float16.toFloat(0x03FF)).isEqualTo(1023 * 5.9604644775390625e-8f);
    assertThat(Float16.toFloat(0x8001)).isEqualTo(-5.9604644775390625e-8f);
  }

  @Test
  void zerosInfinitiesAndNanKeepTheirMeaning() {
    assertThat(Float.floatToIntBits(Float16.toFloat(0x0000))).isEqualTo(Float.floatToIntBits(0.0f));
    assertThat(Float.floatToIntBits(Float16.toFloat(0x8000))).isEqualTo(Float.floatToIntBits(-0.0f));
    assertThat(Float16.toFloat(0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Float16.toFloat(0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float16.toFloat(0x7E00)).isNaN();
  }
}
