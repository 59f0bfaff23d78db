package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import posespark.models.keypoints.CocoKeypoints;

class OksSigmasTest {

  @Test
  void cocoIsTheReferenceSet() {
    assertThat(OksSigmas.parse("coco")).containsExactly(CocoKeypoints.sigmas());
  }

  @Test
  void crowdPoseHasFourteenSigmasDividedByTen() {
    double[] s = OksSigmas.parse("CrowdPose");
    assertThat(s).hasSize(14);
    assertThat(s[0]).isEqualTo(.79 / 10.0);
    assertThat(s[6]).isEqualTo(1.07 / 10.0);
  }

  @Test
  void aListIsTakenAsGiven() {
    assertThat(OksSigmas.parse("0.026, 0.025,0.1")).containsExactly(0.026, 0.025, 0.1);
  }

  @Test
  void nonPositiveSigmaIsRejected() {
    assertThatThrownBy(() -> OksSigmas.parse("0.1,0")).hasMessage("sigma #1 must be a positive number, not '0'");
  }

  @Test
  void crowdPoseSigmasEvaluateFourteenKeypointSets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String kps = "[" + "10, 20, 2, ".repeat(13) + "10, 20, 2]";
    String dt = "[" + "10, 20, 0.9, ".repeat(13) + "10, 20, 0.9]";
    java.nio.file.Path gt = CocoFiles.write(dir.resolve("gt.json"), java.util.Map.of());
    try {
      java.nio.file.Files.writeString(gt, "{\"images\":[{\"id\":1}],\"categories\":[{\"id\":1}],\"annotations\":"
          + "[{\"id\":1,\"image_id\":1,\"category_id\":1,\"area\":5000,\"iscrowd\":0,\"bbox\":[0,0,50,100],"
          + "\"num_keypoints\":14,\"keypoints\":" + kps + "}]}");
      java.nio.file.Path res = java.nio.file.Files.writeString(dir.resolve("r.json"),
          "[{\"image_id\":1,\"category_id\":1,\"score\":0.9,\"keypoints\":" + dt + "}]");
      double[] stats = new CocoEvaluator(EvalParams.keypoints(OksSigmas.parse("crowdpose"))).evaluate(gt, res).stats();
      assertThat(stats[0]).isCloseTo(1 / (1 + Math.ulp(1.0)), org.assertj.core.api.Assertions.within(1e-15));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
