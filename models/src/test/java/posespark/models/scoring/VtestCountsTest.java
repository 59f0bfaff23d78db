package posespark.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import posespark.models.image.DecodeOptions;
import posespark.models.image.DecodedImage;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PosePipelines;
import posespark.models.pose.PoseRequest;

/**
 * The default pipeline (detector, ensemble, calibrated scores) counts the pedestrians of four
 * frames of OpenCV's vtest.avi within ±1 of the counts established by eye (vtest/counts.tsv), where
 * it used to report ~20 persons per frame (every candidate box counted).
 */
class VtestCountsTest {

  private record Frame(String file, int persons) {}

  private static List<Frame> frames() throws Exception {
    List<Frame> out = new ArrayList<>();
    try (InputStream in = VtestCountsTest.class.getResourceAsStream("/vtest/counts.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t");
          out.add(new Frame(f[0], Integer.parseInt(f[1])));
        }
      }
    }
    return out;
  }

  @Test
  void confidentPosesMatchTheVisiblePedestrians() throws Exception {
    List<Frame> frames = frames();
    assertThat(frames).hasSize(4);
    List<PoseRequest> requests = new ArrayList<>();
    try (ImageDecoder decoder = new ImageDecoder(DecodeOptions.DEFAULT, 1)) {
      for (int i = 0; i < frames.size(); i++) {
        try (InputStream in = VtestCountsTest.class.getResourceAsStream("/vtest/" + frames.get(i).file())) {
          DecodedImage image = decoder.decode(in.readAllBytes());
          requests.add(new PoseRequest(i, image, null));
        }
      }
    }
    double threshold = PoseScoringModel.committed().minPoseScore();
    PosePipeline pipeline = PosePipelines.create(PipelineConfig.defaults(), true);
    List<ImagePoses> answers = pipeline.annotate(requests);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      ImagePoses a = answers.get(i);
      assertThat(a.error()).isNull();
      long counted = a.persons().stream().filter(p -> p.poseScore() >= threshold).count();
      seen.add(frames.get(i).file() + ": " + counted + " counted of " + a.persons().size()
          + " candidates, " + frames.get(i).persons() + " visible");
    }
    LoggerFactory.getLogger(VtestCountsTest.class).info("vtest at min pose score {}: {}", threshold,
        String.join("; ", seen));
    for (int i = 0; i < frames.size(); i++) {
      long counted = answers.get(i).persons().stream().map(PersonPose::poseScore)
          .filter(s -> s >= threshold).count();
      assertThat(counted).as(String.join("; ", seen))
          .isBetween((long) frames.get(i).persons() - 1, (long) frames.get(i).persons() + 1);
    }
  }
}
