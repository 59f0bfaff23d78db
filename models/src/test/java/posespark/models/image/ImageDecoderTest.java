package posespark.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

  private static ImageDecoder decoder;

  @BeforeAll
  static void open() {
    decoder = new ImageDecoder(DecodeOptions.DEFAULT, 2);
  }

  @AfterAll
  static void close() {
    decoder.close();
  }

  private static int[] rgbAt(DecodedImage img, int x, int y) {
    int i = (y * img.width() + x) * 3;
    return new int[] {img.rgb()[i] & 0xff, img.rgb()[i + 1] & 0xff, img.rgb()[i + 2] & 0xff};
  }

  private static void assertNear(int[] actual, int r, int g, int b, int tolerance) {
    assertThat(actual[0]).as("red").isCloseTo(r, org.assertj.core.data.Offset.offset(tolerance));
    assertThat(actual[1]).as("green").isCloseTo(g, org.assertj.core.data.Offset.offset(tolerance));
    assertThat(actual[2]).as("blue").isCloseTo(b, org.assertj.core.data.Offset.offset(tolerance));
  }

  @Test
  void decodesBaselineJpegToRgb() throws Exception {
    DecodedImage img = decoder.decode(ImageFiles.jpeg(ImageFiles.picture(64, 48), false));
    assertThat(img.width()).isEqualTo(64);
    assertThat(img.height()).isEqualTo(48);
    assertNear(rgbAt(img, 4, 4), 255, 0, 0, 12);
    assertNear(rgbAt(img, 50, 40), 128, 128, 128, 6);
  }

  @Test
  void decodesProgressiveJpeg() throws Exception {
    DecodedImage img = decoder.decode(ImageFiles.jpeg(ImageFiles.picture(64, 48), true));
    assertNear(rgbAt(img, 4, 4), 255, 0, 0, 12);
  }

  @Test
  void decodesCmykJpegToUniformRgb() throws Exception {
    DecodedImage img = decoder.decode(ImageFiles.cmykJpeg(16, 8, 200, 100, 50, 25));
    assertThat(img.width()).isEqualTo(16);
    int[] first = rgbAt(img, 0, 0);
    assertThat(rgbAt(img, 15, 7)).isEqualTo(first);
  }

  @Test
  void replicatesGrayIntoThreeChannels() throws Exception {
    DecodedImage img = decoder.decode(ImageFiles.grayPng(10, 6, 77));
    assertThat(rgbAt(img, 3, 3)).containsExactly(77, 77, 77);
  }

  @Test
  void reduces16BitSamplesTo8Bits() throws Exception {
    DecodedImage img = decoder.decode(ImageFiles.gray16Png(10, 6, 0x8040));
    assertThat(rgbAt(img, 3, 3)).containsExactly(0x80, 0x80, 0x80);
  }

  @Test
  void expandsPalette() throws Exception {
    DecodedImage img = decoder.decode(ImageFiles.palettePng(8, 4));
    assertThat(rgbAt(img, 0, 0)).containsExactly(0, 0, 255);
    assertThat(rgbAt(img, 7, 3)).containsExactly(0, 255, 0);
  }

  @Test
  void dropsAlphaWithoutCompositing() throws Exception {
    DecodedImage img = decoder.decode(ImageFiles.alphaPng(8, 4, 10, 20, 30, 0));
    assertThat(rgbAt(img, 1, 1)).containsExactly(10, 20, 30);
  }

  @Test
  void decodesGifAndBmp() throws Exception {
    DecodedImage gif = decoder.decode(ImageFiles.encode(ImageFiles.picture(32, 20), "gif"));
    assertThat(gif.width()).isEqualTo(32);
    assertNear(rgbAt(gif, 2, 2), 255, 0, 0, 2);
    DecodedImage bmp = decoder.decode(ImageFiles.encode(ImageFiles.picture(32, 20), "bmp"));
    assertThat(bmp.height()).isEqualTo(20);
    assertNear(rgbAt(bmp, 2, 2), 255, 0, 0, 0);
    assertNear(rgbAt(bmp, 30, 18), 128, 128, 128, 0);
  }

  @Test
  void appliesExifOrientationWhenAsked() throws Exception {
    byte[] file = ImageFiles.withExifOrientation(
        ImageFiles.jpeg(ImageFiles.picture(64, 48), false), 6);
    DecodedImage img = decoder.decode(file);
    // Turned 90° clockwise: 48 wide, 64 high; the stored top-left block is now top-right.
    assertThat(img.width()).isEqualTo(48);
    assertThat(img.height()).isEqualTo(64);
    assertNear(rgbAt(img, 44, 4), 255, 0, 0, 12);
    assertNear(rgbAt(img, 4, 4), 128, 128, 128, 6);
  }

  @Test
  void keepsStoredOrientationWhenExifIsIgnored() throws Exception {
    byte[] file = ImageFiles.withExifOrientation(
        ImageFiles.jpeg(ImageFiles.picture(64, 48), false), 6);
    try (ImageDecoder stored = new ImageDecoder(new DecodeOptions(1_000_000, false), 1)) {
      DecodedImage img = stored.decode(file);
      assertThat(img.width()).isEqualTo(64);
      assertNear(rgbAt(img, 4, 4), 255, 0, 0, 12);
    }
  }

  @Test
  void refusesImagesOverThePixelLimitBeforeDecoding() {
    assertThatThrownBy(() -> decoder.decode(ImageFiles.pngHeaderOnly(100_000, 100_000)))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("image too large: 100000x100000 = 10000000000 pixels exceeds the limit of 50000000");
  }

  @Test
  void reportsTruncatedJpegAsCorrupt() {
    byte[] file = ImageFiles.truncated(ImageFiles.jpeg(ImageFiles.picture(256, 256), false), 0.5);
    assertThatThrownBy(() -> decoder.decode(file))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("corrupt jpeg (256x256): ");
  }

  @Test
  void reportsCorruptPngData() {
    byte[] file = ImageFiles.pngHeaderOnly(16, 16);
    assertThatThrownBy(() -> decoder.decode(file))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageStartingWith("corrupt png (16x16): ");
  }
}
