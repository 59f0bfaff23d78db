package posespark.models.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.geometry.Box;
import posespark.models.pose.PersonPose;

class PoseResultsFileTest {

  private static PoseResultsFile.Parsed parse(String json) throws Exception {
    return PoseResultsFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "in.json");
  }

  private static String keypoints(int n, double visibility) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? "," : "").append(i % 3 == 2 ? visibility : 100 + i);
    }
    return b.toString();
  }

  @Test
  void resultsAreGroupedByImageWithTheBoxAroundTheirScoredKeypoints() throws Exception {
    String kp = keypoints(51, 1);
    PoseResultsFile.Parsed p = parse("[{\"image_id\": 5, \"category_id\": 1, \"keypoints\": [" + kp
        + "], \"score\": 0.7}, {\"image_id\": 5, \"keypoints\": [" + kp + "], \"score\": 0.2},"
        + "{\"image_id\": 6, \"keypoints\": [" + kp + "], \"score\": 0.9, \"bbox\": [1, 2, 3, 4], \"box_score\": 0.4}]");
    assertThat(p.errors()).isEmpty();
    assertThat(p.count()).isEqualTo(3);
    PersonPose first = p.poses().get(5L).get(0);
    assertThat(first.poseScore()).isEqualTo(0.7);
    // x values 100, 103, ..., 148; y values 101, ..., 149
    assertThat(first.box()).isEqualTo(new Box(100, 101, 48, 48, 0.7));
    assertThat(first.keypoints()[3]).isEqualTo(103f);
    assertThat(p.poses().get(6L).get(0).box()).isEqualTo(new Box(1, 2, 3, 4, 0.4));
  }

  @Test
  void aMalformedResultMarksItsImageAndTheOthersStay() throws Exception {
    PoseResultsFile.Parsed p = parse("[{\"image_id\": 1, \"keypoints\": [" + keypoints(51, 1) + "], \"score\": 1},"
        + "{\"image_id\": 2, \"keypoints\": [" + keypoints(34, 1) + "], \"score\": 1},"
        + "{\"image_id\": 3, \"keypoints\": [" + keypoints(51, 1) + "]},"
        + "{\"image_id\": 4, \"score\": 1}]");
    assertThat(p.poses()).containsOnlyKeys(1L);
    assertThat(p.errors()).isEqualTo(Map.of(
        2L, "refine input result 1 has 34 keypoint values, expected 51",
        3L, "refine input result 2 has no numeric score",
        4L, "refine input result 3 has no keypoints array"));
  }

  @Test
  void aFileThatIsNotAnArrayOfResultsIsRefusedWhole() {
    assertThatThrownBy(() -> parse("[{\"image_id\": 1,")).hasMessageStartingWith("in.json: not valid JSON");
    assertThatThrownBy(() -> parse("{\"images\": []}")).hasMessage("in.json: expected a JSON array of COCO keypoint results");
    assertThatThrownBy(() -> parse("[{\"keypoints\": []}]")).hasMessage("in.json: result 0 has no integer image_id");
    assertThatThrownBy(() -> parse("[{\"image_id\": \"7\"}]")).hasMessage("in.json: result 0 has no integer image_id");
  }

  @Test
  void writtenCachesReadBackAsTheSamePoses(@TempDir Path tmp) throws Exception {
    float[] kp = new float[51];
    for (int i = 0; i < kp.length; i++) {
      kp[i] = i * 0.5f;
    }
    PersonPose pose = new PersonPose(new Box(3, 4, 50, 60, 0.25), 0.75, kp);
    Path f = tmp.resolve("cache.json");
    PoseResultsFile.write(f, Map.of(9L, List.of(pose)));
    PoseResultsFile.Parsed back = PoseResultsFile.read(Files.newInputStream(f), f.toString());
    PersonPose read = back.poses().get(9L).get(0);
    assertThat(read.box()).isEqualTo(pose.box());
    assertThat(read.poseScore()).isEqualTo(0.75);
    assertThat(read.keypoints()).containsExactly(kp);
  }
}
