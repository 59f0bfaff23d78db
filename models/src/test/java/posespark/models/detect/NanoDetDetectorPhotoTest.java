package posespark.models.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import posespark.models.ensemble.ImageFixtures;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;
import posespark.models.samples.SamplePhotos;

/**
 * The real NanoDet against the real CenterNet on sample photos: both models are independent, so a
 * tight overlap of their best person boxes checks NanoDet's letterbox, grid and box decoding.
 */
class NanoDetDetectorPhotoTest {

  private static final BoxFilter FILTER = new BoxFilter(0.3, false, 0.5, 0.5, 20);

  private static PersonDetector nanodet;
  private static PersonDetector centernet;
  private static DecodedImage messi;
  private static DecodedImage astronaut;

  @BeforeAll
  static void setUp() throws Exception {
    nanodet = ZooDetectors.create("nanodet", FILTER);
    centernet = ZooDetectors.create("centernet", FILTER);
    messi = ImageFixtures.read(SamplePhotos.get(SamplePhotos.MESSI));
    astronaut = ImageFixtures.read(SamplePhotos.get(SamplePhotos.ASTRONAUT));
  }

  @Test
  void bestPersonBoxOverlapsCenterNetsOnTheAstronaut() {
    assertBestBoxesAgree(astronaut);
  }

  @Test
  void bestPersonBoxOverlapsCenterNetsOnMessi() {
    assertBestBoxesAgree(messi);
  }

  @Test
  void aBatchGivesEachImageItsOwnBoxes() {
    List<List<Box>> together = nanodet.detect(List.of(messi, astronaut));
    List<Box> alone = nanodet.detect(List.of(astronaut)).get(0);
    assertThat(together).hasSize(2);
    assertThat(together.get(1)).hasSameSizeAs(alone);
    assertThat(BoxSuppression.iou(together.get(1).get(0), alone.get(0))).isGreaterThan(0.999);
    assertThat(BoxSuppression.iou(together.get(0).get(0), alone.get(0))).isLessThan(0.9);
  }

  private static void assertBestBoxesAgree(DecodedImage image) {
    List<Box> n = nanodet.detect(List.of(image)).get(0);
    List<Box> c = centernet.detect(List.of(image)).get(0);
    assertThat(n).as("nanodet persons").isNotEmpty();
    assertThat(c).as("centernet persons").isNotEmpty();
    assertThat(BoxSuppression.iou(n.get(0), c.get(0))).as("IoU of the best boxes").isGreaterThan(0.7);
  }
}
