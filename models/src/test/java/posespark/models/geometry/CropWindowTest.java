package posespark.models.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CropWindowTest {

  @Test
  void tallBoxIsWidenedToSquareAspectAndScaled() {
    CropWindow w = CropWindow.around(new Box(100, 50, 40, 80, 1), 1.0, 1.25);
    assertThat(w.centerX()).isEqualTo(120);
    assertThat(w.centerY()).isEqualTo(90);
    assertThat(w.width()).isEqualTo(100);
    assertThat(w.height()).isEqualTo(100);
  }

  @Test
  void wideBoxIsHeightenedToFourByThreeAspect() {
    CropWindow w = CropWindow.around(new Box(0, 0, 90, 30, 1), 4.0 / 3, 1.0);
    assertThat(w.width()).isEqualTo(90);
    assertThat(w.height()).isCloseTo(120, within(1e-12));
  }

  @Test
  void normalisedCoordinatesRoundTripToImagePixels() {
    CropWindow w = new CropWindow(321.5, 210.25, 173.0, 230.7);
    for (double x : new double[] {-40, 0, 235, 321.5, 1000.125}) {
      assertThat(w.imageX(w.u(x))).isCloseTo(x, within(1e-9));
      assertThat(w.imageY(w.v(x))).isCloseTo(x, within(1e-9));
    }
    assertThat(w.u(w.left())).isEqualTo(0);
    assertThat(w.v(w.top() + w.height())).isCloseTo(1, within(1e-12));
  }
}
