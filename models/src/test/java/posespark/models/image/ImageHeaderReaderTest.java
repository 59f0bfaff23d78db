package posespark.models.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageHeaderReaderTest {

  @Test
  void readsJpegSizeAndColourModelFromTheFrameHeader() throws Exception {
    ImageHeader h = ImageHeaderReader.read(ImageFiles.jpeg(ImageFiles.picture(64, 48), false));
    assertThat(h.format()).isEqualTo(ImageFormat.JPEG);
    assertThat(h.width()).isEqualTo(64);
    assertThat(h.height()).isEqualTo(48);
    assertThat(h.colorModel()).isEqualTo("ycbcr");
    assertThat(h.progressive()).isFalse();
    assertThat(h.exifOrientation()).isEqualTo(1);
  }

  @Test
  void recognisesProgressiveJpeg() throws Exception {
    ImageHeader h = ImageHeaderReader.read(ImageFiles.jpeg(ImageFiles.picture(64, 48), true));
    assertThat(h.progressive()).isTrue();
  }

  @Test
  void recognisesCmykJpeg() throws Exception {
    ImageHeader h = ImageHeaderReader.read(ImageFiles.cmykJpeg(16, 8, 0, 0, 0, 0));
    assertThat(h.colorModel()).isEqualTo("cmyk");
    assertThat(h.width()).isEqualTo(16);
  }

  @Test
  void readsExifOrientationFromApp1() throws Exception {
    byte[] file = ImageFiles.withExifOrientation(
        ImageFiles.jpeg(ImageFiles.picture(64, 48), false), 6);
    ImageHeader h = ImageHeaderReader.read(file);
    assertThat(h.exifOrientation()).isEqualTo(6);
    assertThat(h.width()).as("stored width").isEqualTo(64);
  }

  @Test
  void readsPngIhdrIncludingBitDepthAndColourType() throws Exception {
    ImageHeader h = ImageHeaderReader.read(ImageFiles.gray16Png(30, 20, 40000));
    assertThat(h.format()).isEqualTo(ImageFormat.PNG);
    assertThat(h.width()).isEqualTo(30);
    assertThat(h.height()).isEqualTo(20);
    assertThat(h.bitsPerSample()).isEqualTo(16);
    assertThat(h.colorModel()).isEqualTo("gray");
    assertThat(ImageHeaderReader.read(ImageFiles.palettePng(8, 8)).colorModel()).isEqualTo("palette");
    assertThat(ImageHeaderReader.read(ImageFiles.alphaPng(8, 8, 1, 2, 3, 4)).colorModel())
        .isEqualTo("rgba");
  }

  @Test
  void readsHugeDimensionsWithoutAllocatingPixels() throws Exception {
    ImageHeader h = ImageHeaderReader.read(ImageFiles.pngHeaderOnly(100_000, 100_000));
    assertThat(h.pixels()).isEqualTo(10_000_000_000L);
  }

  @Test
  void readsGifAndBmpSizes() throws Exception {
    ImageHeader gif = ImageHeaderReader.read(ImageFiles.encode(ImageFiles.picture(33, 21), "gif"));
    assertThat(gif.format()).isEqualTo(ImageFormat.GIF);
    assertThat(gif.width()).isEqualTo(33);
    assertThat(gif.height()).isEqualTo(21);
    ImageHeader bmp = ImageHeaderReader.read(ImageFiles.encode(ImageFiles.picture(33, 21), "bmp"));
    assertThat(bmp.format()).isEqualTo(ImageFormat.BMP);
    assertThat(bmp.width()).isEqualTo(33);
    assertThat(bmp.height()).isEqualTo(21);
  }

  @Test
  void refusesEmptyFile() {
    assertThatThrownBy(() -> ImageHeaderReader.read(new byte[0]))
        .hasMessage("empty file (0 bytes)");
  }

  @Test
  void refusesTextWithItsSignature() {
    assertThatThrownBy(() -> ImageHeaderReader.read(ImageFiles.text("hello, world")))
        .hasMessageStartingWith("not an image: unrecognised file signature 68656c6c6f2c2077");
  }

  @Test
  void namesRecognisedButUnsupportedFormats() {
    byte[] webp = ImageFiles.text("RIFF\0\0\0\0WEBPVP8 ");
    assertThatThrownBy(() -> ImageHeaderReader.read(webp))
        .hasMessageStartingWith("unsupported image format: webp");
  }

  @Test
  void refusesJpegTruncatedInsideItsHeader() {
    byte[] file = ImageFiles.jpeg(ImageFiles.picture(64, 48), false);
    assertThatThrownBy(() -> ImageHeaderReader.read(java.util.Arrays.copyOf(file, 30)))
        .hasMessageStartingWith("truncated JPEG");
  }
}
