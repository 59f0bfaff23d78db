package posespark.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.geometry.Box;
import posespark.models.image.DecodeOptions;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PosePipelines;
import posespark.models.pose.PoseRequest;
import posespark.models.report.AccuracyReport;
import posespark.models.report.CocoImageFiles;

/**
 * The committed scoring model through the real pipeline on the held-back half of coco-train-dev
 * (odd image ids), ground-truth boxes: pose_score is calibrated against the poses' OKS (ECE under
 * 0.1, where box × mean keypoint score is off by more than 0.25) and ranks exactly as the legacy
 * score, so AP is unchanged.
 */
@Tag("acceptance")
class PoseScoringAcceptanceTest {

  @Test
  void pipelineScoresAreCalibratedAndKeepAp() throws Exception {
    String shared = System.getProperty("posespark.shared.data");
    if (shared == null || !Files.isDirectory(Path.of(shared))) {
      fail("system property posespark.shared.data must name the shared data folder (got " + shared + ")");
    }
    Path data = Path.of(shared, "coco-train-dev");
    Path gtFile = data.resolve("person_keypoints.json");
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    Map<Long, String> files = CocoImageFiles.read(gtFile);
    PosePipeline pipeline = PosePipelines.create(PipelineConfig.defaults(), false);
    List<CandidateTable.Candidate> candidates = new ArrayList<>();
    Map<Long, double[]> pipelineScores = new HashMap<>();
    List<Long> held = new ArrayList<>();
    for (long id : gt.imageIds()) {
      if (!ScoringFitMain.fittingHalf(id)) {
        held.add(id);
      }
    }
    try (ImageDecoder decoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      AccuracyReport.ImageLoader loader = AccuracyReport.decoding(decoder, data.resolve("images"), files);
      for (int from = 0; from < held.size(); from += 8) {
        List<PoseRequest> batch = new ArrayList<>();
        for (long id : held.subList(from, Math.min(held.size(), from + 8))) {
          batch.add(new PoseRequest(id, loader.load(id), AccuracyReport.groundTruthBoxes(gt.annotations(id))));
        }
        List<ImagePoses> answers = pipeline.annotate(batch);
        for (int i = 0; i < batch.size(); i++) {
          ImagePoses a = answers.get(i);
          assertThat(a.error()).isNull();
          double[] scores = new double[a.persons().size()];
          for (int p = 0; p < scores.length; p++) {
            PersonPose pose = a.persons().get(p);
            Box b = pose.box();
            candidates.add(new CandidateTable.Candidate("gt", a.imageId(), batch.get(i).image().width(),
                batch.get(i).image().height(), b.x(), b.y(), b.w(), b.h(), b.score(), pose.keypoints(),
                pose.heatmapStats()));
            scores[p] = pose.poseScore();
          }
          pipelineScores.put(a.imageId(), scores);
        }
      }
    }
    List<ScoredImage> images = new ScoringTargets().build(candidates, gt).stream()
        .filter(im -> !ScoringFitMain.fittingHalf(im.imageId())).toList();
    ScoringEvaluation calibrated = new ScoringEvaluation(images,
        im -> pipelineScores.getOrDefault(im.imageId(), new double[0]));
    ScoringEvaluation legacy = new ScoringEvaluation(images, ScoredImage::legacy);
    double ece = calibrated.ece(10);
    double legacyEce = legacy.ece(10);
    double ap = calibrated.cocoStats(gt)[0];
    double legacyAp = legacy.cocoStats(gt)[0];
    LoggerFactory.getLogger(PoseScoringAcceptanceTest.class).info(
        "held-back half, ground-truth boxes: ECE {} (legacy {}), AP {} (legacy {})", ece, legacyEce, ap, legacyAp);
    assertThat(ece).isLessThan(0.1);
    assertThat(legacyEce).isGreaterThan(0.25);
    assertThat(ap).isCloseTo(legacyAp, within(1e-12));
  }
}
