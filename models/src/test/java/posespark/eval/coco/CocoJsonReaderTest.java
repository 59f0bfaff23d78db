package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends in one line naming the file and the problem. */
class CocoJsonReaderTest {

  @TempDir
  Path dir;

  private Path gt() {
    return new CocoFiles().image(1).person(1, 10, 10, 100, 200).writeGt(dir);
  }

  private void evaluate(Path gt, Path results) {
    new CocoEvaluator(EvalParams.keypoints()).evaluate(gt, results);
  }

  private Path text(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static Map<String, Object> result(Object score, double[] keypoints) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("image_id", 1);
    r.put("category_id", 1);
    if (keypoints != null) {
      r.put("keypoints", keypoints);
    }
    if (score != null) {
      r.put("score", score);
    }
    return r;
  }

  @Test
  void malformedJsonNamesFileAndLine() throws IOException {
    Path bad = text("bad.json", "[{\"image_id\": 1,\n \"score\": }]");
    assertThatThrownBy(() -> evaluate(gt(), bad)).isInstanceOf(CocoFormatException.class)
        .hasMessageStartingWith(bad + ": malformed JSON").hasMessageContaining("line 2");
  }

  @Test
  void truncatedJsonIsMalformed() throws IOException {
    Path bad = text("cut.json", "[{\"image_id\": 1, \"category_id\": 1, \"score\": 0.5, \"keypoints\": [1, 2");
    assertThatThrownBy(() -> evaluate(gt(), bad)).hasMessageStartingWith(bad + ": malformed JSON");
  }

  @Test
  void missingScoreIsNamed() {
    Path r = CocoFiles.write(dir.resolve("r.json"), List.of(result(null, new double[51])));
    assertThatThrownBy(() -> evaluate(gt(), r)).hasMessage(r + ": result #0 has no score");
  }

  @Test
  void wrongKeypointLengthIsNamed() {
    Path r = CocoFiles.write(dir.resolve("r.json"), List.of(result(0.5, new double[50])));
    assertThatThrownBy(() -> evaluate(gt(), r))
        .hasMessage(r + ": result #0 has 50 keypoint values; expected 51 (x, y, score for 17 keypoints)");
  }

  @Test
  void nanScoreIsRejected() throws IOException {
    Path r = text("nan.json", "[{\"image_id\": 1, \"category_id\": 1, \"keypoints\": "
        + java.util.Arrays.toString(new double[51]) + ", \"score\": NaN}]");
    assertThatThrownBy(() -> evaluate(gt(), r))
        .hasMessage(r + ": result #0 has score NaN; scores must be finite and not negative");
  }

  @Test
  void negativeScoreIsRejected() {
    Path r = CocoFiles.write(dir.resolve("r.json"), List.of(result(-0.5, new double[51])));
    assertThatThrownBy(() -> evaluate(gt(), r))
        .hasMessage(r + ": result #0 has score -0.5; scores must be finite and not negative");
  }

  @Test
  void emptyResultsAreRejected() throws IOException {
    Path r = text("empty.json", "[]");
    assertThatThrownBy(() -> evaluate(gt(), r)).hasMessage(r + ": results are empty (no detections to evaluate)");
  }

  @Test
  void resultsThatAreNotAnArrayAreRejected() throws IOException {
    Path r = text("obj.json", "{\"annotations\": []}");
    assertThatThrownBy(() -> evaluate(gt(), r)).hasMessage(r + ": results must be a JSON array of objects");
  }

  @Test
  void groundTruthWithoutNumKeypointsIsNamed() throws IOException {
    Path g = text("gt.json", "{\"images\": [{\"id\": 1}], \"categories\": [{\"id\": 1}], \"annotations\": "
        + "[{\"id\": 5, \"image_id\": 1, \"category_id\": 1, \"area\": 10, \"iscrowd\": 0, "
        + "\"bbox\": [0, 0, 1, 1], \"keypoints\": " + java.util.Arrays.toString(new double[51]) + "}]}");
    Path r = CocoFiles.write(dir.resolve("r.json"), List.of(result(0.5, new double[51])));
    assertThatThrownBy(() -> evaluate(g, r)).hasMessage(g + ": annotations[0] (id 5) has no num_keypoints");
  }

  @Test
  void missingFileIsNamed() {
    Path r = dir.resolve("absent.json");
    assertThatThrownBy(() -> evaluate(gt(), r)).hasMessage(r + ": no such file");
  }
}
