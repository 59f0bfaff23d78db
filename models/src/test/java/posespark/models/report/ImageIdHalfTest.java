package posespark.models.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageIdHalfTest {

  @Test
  void evenIdsChooseOddIdsReport() {
    long[] ids = {36, 49, 61, 64, 74, 77};
    assertThat(ImageIdHalf.parse("even", "--ids").select(ids)).containsExactly(36, 64, 74);
    assertThat(ImageIdHalf.parse(" odd", "--ids").select(ids)).containsExactly(49, 61, 77);
    assertThat(ImageIdHalf.parse("all", "--ids").select(ids)).containsExactly(ids);
  }

  @Test
  void anythingElseNamesTheOption() {
    assertThatThrownBy(() -> ImageIdHalf.parse("first", "--half"))
        .hasMessage("--half must be all, even or odd, not 'first'");
  }
}
