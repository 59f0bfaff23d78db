package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.CropJob;
import posespark.models.ensemble.MemberOutput;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.MemberSpec;
import posespark.models.ensemble.ZooMembers;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.Heatmaps;
import posespark.models.image.DecodedImage;
import posespark.models.pytorch.PthReader;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelCache;

/**
 * The imported fixture run as an ensemble member (card → spec, crop from an 8-bit image, model,
 * heatmaps in COCO order) reproduces PyTorch's heatmaps: the crop window covers each reference
 * image exactly, so the crop is the reference input pixel for pixel.
 */
class HrnetEnsembleMemberTest {

  @Test
  void memberHeatmapsOfExactCropsMatchPyTorch(@TempDir Path root) throws Exception {
    ReferenceRun ref = HrnetImportTest.fixture();
    ModelCache cache = new ModelCache(root);
    HrnetSavedModel.export(ref.config(), new CheckpointWeights(PthReader.readStateDict(ref.checkpoint()), "fixture"),
        new HrnetModelCard(ref.config(), "fixture", "-", false), cache.model(ref.config().name()));
    Path dir = HrnetCache.ready(ref.config().name(), cache);
    MemberSpec spec = ZooMembers.spec(ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL)));
    int w = ref.config().inputWidth();
    int h = ref.config().inputHeight();
    float[] input = ref.input();
    List<CropJob> jobs = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      byte[] rgb = new byte[h * w * 3];
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] = (byte) Math.round(input[n * rgb.length + i]); // reference pixels are whole numbers
      }
      jobs.add(new CropJob(new DecodedImage(w, h, rgb), new CropWindow(w / 2.0, h / 2.0, w, h)));
    }
    try {
      MemberRunner member = new MemberRunner(spec, ZooMembers.runner(ModelHost.get(dir)), spec.grid(), 4);
      List<MemberOutput> outputs = member.run(jobs, false);

      float[] expected = ref.expectedHeatmaps(); // NHWC
      int hh = ref.config().heatmapHeight();
      int hw = ref.config().heatmapWidth();
      double maxDiff = 0;
      for (int n = 0; n < 2; n++) {
        Heatmaps plain = outputs.get(n).plain();
        for (int k = 0; k < 17; k++) {
          for (int y = 0; y < hh; y++) {
            for (int x = 0; x < hw; x++) {
              float want = expected[((n * hh + y) * hw + x) * 17 + k];
              maxDiff = Math.max(maxDiff, Math.abs(plain.at(k, y, x) - want));
            }
          }
        }
      }
      assertThat(maxDiff).as("max |member - PyTorch|").isLessThanOrEqualTo(1e-4);
    } finally {
      ModelHost.closeAll();
    }
  }
}
