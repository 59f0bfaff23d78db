package posespark.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageIdsTest {

  @Test
  void cocoFileNameGivesItsNumber() {
    assertThat(ImageIds.fromUri("file:/data/train2017/000000391895.jpg")).isEqualTo(391895L);
  }

  @Test
  void otherNamesGiveAStablePositiveHashOfTheUri() {
    long id = ImageIds.fromUri("s3a://bucket/photos/beach.jpg");
    assertThat(id).isPositive().isEqualTo(ImageIds.fromUri("s3a://bucket/photos/beach.jpg"));
    assertThat(id).isNotEqualTo(ImageIds.fromUri("s3a://bucket/other/beach.jpg"));
    // First 8 bytes of SHA-256("a"): ca978112ca1bbdca, sign bit cleared.
    assertThat(ImageIds.hash("a")).isEqualTo(0x4a978112ca1bbdcaL);
  }

  @Test
  void numbersTooLongForALongAreHashed() {
    String uri = "/x/1234567890123456789012.jpg";
    assertThat(ImageIds.fromUri(uri)).isEqualTo(ImageIds.hash(uri));
  }
}
