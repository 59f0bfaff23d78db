package posespark.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import posespark.models.card.ModelCard;
import posespark.models.geometry.BilinearCropper;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.TargetPersonPrior;
import posespark.models.image.DecodedImage;
import posespark.models.runtime.ModelHost;
import posespark.models.samples.SamplePhotos;
import posespark.models.zoo.ModelZoo;

/**
 * The ensemble's single-member decoding (centre regression → target-person prior → offsets) must
 * reproduce MoveNet's own in-graph decoder ({@code output_0}, batch 1) on real crops: this pins the
 * prior's bias, the centre weighting, the offset origin and the cell convention. Thunder agrees to
 * float precision; lightning's graph differs by up to ~1e-4 of the crop (0.02 input pixels).
 */
class MoveNetDecodingParityTest {

  @ParameterizedTest
  @CsvSource({
      "movenet-thunder, astronaut.png, 20, 10, 350, 500",
      "movenet-thunder, basketball1.png, 100, 50, 200, 300",
      "movenet-lightning, messi5.jpg, 180, 60, 140, 260"})
  void priorPlusOffsetsEqualsTheModelsOwnOutput(String model, String photo, double x, double y,
      double w, double h) throws Exception {
    DecodedImage image = ImageFixtures.read(SamplePhotos.get(photo));
    Path dir = ModelZoo.ensureReady(model);
    MemberSpec spec = ZooMembers.spec(ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL)));
    ModelRunner runner = ZooMembers.runner(ModelHost.get(dir));
    CropWindow window = CropWindow.around(new Box(x, y, w, h, 1), spec.aspect(), 1.25);
    int size = spec.inputWidth();
    float[] pixels = new float[size * size * 3];
    BilinearCropper.crop(image, window, size, size, false, pixels, 0);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = Math.round(pixels[i]);
    }
    Map<String, float[]> outputs = runner.run(pixels, true, new long[] {1, size, size, 3},
        List.of("heatmaps", "offsets", "centre_heatmap", "centre_regress", "output_0"));
    MemberRunner member = new MemberRunner(spec, (p, asInt, shape, keys) -> outputs, spec.grid(), 1);
    MemberOutput out = member.run(List.of(new CropJob(image, window)), false).get(0);
    float[] mine = new EnsembleDecoder(spec.grid(), new double[] {1}, false, new TargetPersonPrior(),
        null, Localisation.OFFSETS).decode(List.of(out));
    float[] theirs = outputs.get("output_0"); // [y, x, score] per keypoint
    for (int k = 0; k < 17; k++) {
      assertThat(mine[3 * k]).as("u of keypoint %d", k).isCloseTo(theirs[3 * k + 1], within(5e-4f));
      assertThat(mine[3 * k + 1]).as("v of keypoint %d", k).isCloseTo(theirs[3 * k], within(5e-4f));
      assertThat(mine[3 * k + 2]).as("score of keypoint %d", k).isCloseTo(theirs[3 * k + 2], within(5e-4f));
    }
  }
}
