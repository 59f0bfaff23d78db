package posespark.models.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExifOrientationTest {

  /** 3×2 image whose pixel (x, y) has red = 10 * x + y: easy to follow through the turns. */
  private static DecodedImage labelled() {
    byte[] rgb = new byte[3 * 2 * 3];
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        rgb[(y * 3 + x) * 3] = (byte) (10 * x + y);
      }
    }
    return new DecodedImage(3, 2, rgb);
  }

  // Expected displayed rows (red labels), as a viewer shows each orientation.
  @ParameterizedTest(name = "orientation {0}")
  @CsvSource(delimiter = ';', value = {
      "1; 0 10 20 / 1 11 21",
      "2; 20 10 0 / 21 11 1",
      "3; 21 11 1 / 20 10 0",
      "4; 1 11 21 / 0 10 20",
      "5; 0 1 / 10 11 / 20 21",
      "6; 1 0 / 11 10 / 21 20",
      "7; 21 20 / 11 10 / 1 0",
      "8; 20 21 / 10 11 / 0 1"})
  void turnsStoredPixelsIntoDisplayedPixels(int orientation, String rows) {
    DecodedImage out = ExifOrientation.apply(labelled(), orientation);
    StringBuilder actual = new StringBuilder();
    for (int y = 0; y < out.height(); y++) {
      if (y > 0) {
        actual.append(" / ");
      }
      for (int x = 0; x < out.width(); x++) {
        if (x > 0) {
          actual.append(' ');
        }
        actual.append(out.rgb()[(y * out.width() + x) * 3]);
      }
    }
    assertThat(actual.toString()).isEqualTo(rows);
  }
}
