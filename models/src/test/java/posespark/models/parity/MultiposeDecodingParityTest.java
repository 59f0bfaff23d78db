package posespark.models.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;
import posespark.models.multipose.MultiposeDecoder;
import posespark.models.multipose.MultiposePerson;
import posespark.models.multipose.ZooMultipose;
import posespark.models.runtime.ModelHost;

/**
 * MoveNet-multipose's persons against the generator's own decoding (goldens.mjs, from the TF Hub
 * model card's description of the output): the decoder on the golden output itself, and the whole
 * Java path (letterbox, converted model, decoder) on the golden's photo.
 */
class MultiposeDecodingParityTest {
  private static final ParityGoldens.Index INDEX = ParityGoldens.index();
  private static final int SIDE = 256;

  @AfterAll
  static void closeModels() {
    ModelHost.closeAll();
  }

  @Test
  void decoderReadsTheGoldenOutputAsTheGeneratorDoes() {
    ParityGoldens.Case photo = INDEX.model(ZooMultipose.MODEL).caseNamed("photo");
    ParityGoldens.Tensor output = photo.tensors().get(0);
    assertThat(output.stride()).as("output_0 kept whole").isEqualTo(1);
    List<MultiposePerson> decoded = new MultiposeDecoder(ZooMultipose.MIN_PERSON_SCORE)
        .decode(ParityGoldens.values(photo, output), new CropWindow(SIDE / 2.0, SIDE / 2.0, SIDE, SIDE),
            SIDE, SIDE);
    assertSamePersons(decoded, photo.persons(), 1e-3, 1e-5);
  }

  @Test
  void letterboxedModelFindsTheGoldenPersonOnThePhoto() {
    ConvertedModelRun run = new ConvertedModelRun(ZooMultipose.MODEL, INDEX);
    ParityGoldens.Case photo = run.goldens.caseNamed("photo");
    assertThat(photo.persons()).as("the photo shows one person").hasSize(1);
    List<MultiposePerson> found = ZooMultipose.model(null)
        .persons(new DecodedImage(SIDE, SIDE, run.image(photo)));
    // TensorFlow and TFJS round differently: ~1e-4 of the input side, as ModelParityTest allows.
    assertSamePersons(found, photo.persons(), 0.25, 2e-3);
  }

  @Test
  void noPersonOnNoise() {
    ParityGoldens.Case noise = INDEX.model(ZooMultipose.MODEL).caseNamed("noise");
    assertThat(noise.persons()).isEmpty();
    ConvertedModelRun run = new ConvertedModelRun(ZooMultipose.MODEL, INDEX);
    assertThat(ZooMultipose.model(null).persons(new DecodedImage(SIDE, SIDE, run.image(noise))))
        .isEmpty();
  }

  private static void assertSamePersons(List<MultiposePerson> actual,
      List<ParityGoldens.GoldenPerson> golden, double pixels, double score) {
    assertThat(actual).as("persons").hasSameSizeAs(golden);
    for (int p = 0; p < golden.size(); p++) {
      ParityGoldens.GoldenPerson g = golden.get(p);
      MultiposePerson a = actual.get(p);
      assertThat(a.box().score()).as("person %d score", p).isCloseTo(g.score(), within(score));
      double[] box = {a.box().x(), a.box().y(), a.box().w(), a.box().h()};
      for (int i = 0; i < 4; i++) {
        assertThat(box[i]).as("person %d box[%d]", p, i).isCloseTo(g.box()[i], within(pixels));
      }
      for (int k = 0; k < 17; k++) {
        assertThat((double) a.keypoints()[3 * k]).as("person %d keypoint %d x", p, k)
            .isCloseTo(g.keypoints()[k][0], within(pixels));
        assertThat((double) a.keypoints()[3 * k + 1]).as("person %d keypoint %d y", p, k)
            .isCloseTo(g.keypoints()[k][1], within(pixels));
        assertThat((double) a.keypoints()[3 * k + 2]).as("person %d keypoint %d score", p, k)
            .isCloseTo(g.keypoints()[k][2], within(score));
      }
    }
  }
}
