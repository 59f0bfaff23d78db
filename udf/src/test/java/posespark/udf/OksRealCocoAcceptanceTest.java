package posespark.udf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import posespark.models.keypoints.Oks;

/**
 * On real COCO ground truth and real detections (the shared eval vectors), SQL {@code oks} equals
 * the evaluator's OKS for every ground truth with labelled keypoints and every detection of its image.
 */
@Tag("acceptance")
class OksRealCocoAcceptanceTest {

  @BeforeAll
  static void start() {
    OksAgreementTest.start();
  }

  @Test
  void equalsTheEvaluatorsOksOnRealGroundTruthAndDetections() throws Exception {
    String root = System.getProperty("posespark.shared.data");
    assertThat(root).as("system property posespark.shared.data").isNotNull();
    Path vectors = Path.of(root, "eval-vectors");
    int pairs = check(vectors.resolve("keypoints-139099/gt_dataset.json"), vectors.resolve("keypoints-139099/dt_dataset.json"))
        + check(vectors.resolve("mmpose-4/test_coco.json"), vectors.resolve("mmpose-4/keypoint_results.json"));
    assertThat(pairs).as("ground truth x detection pairs compared").isGreaterThan(500);
  }

  private static int check(Path gtFile, Path dtFile) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode gt = json.readTree(Files.readAllBytes(gtFile));
    JsonNode dt = json.readTree(Files.readAllBytes(dtFile));
    List<double[]> gts = new ArrayList<>();
    List<double[]> dts = new ArrayList<>();
    List<Double> areas = new ArrayList<>();
    List<double[]> boxes = new ArrayList<>();
    for (JsonNode g : gt.get("annotations")) {
      if (!g.has("keypoints") || g.get("num_keypoints").asInt() == 0) {
        continue;
      }
      for (JsonNode d : dt) {
        if (d.get("image_id").asLong() == g.get("image_id").asLong()) {
          gts.add(doubles(g.get("keypoints")));
          dts.add(doubles(d.get("keypoints")));
          areas.add(g.get("area").asDouble());
          boxes.add(doubles(g.get("bbox")));
        }
      }
    }
    List<Row> rows = OksAgreementTest.sqlOks(gts, dts, areas);
    Oks evaluator = new Oks();
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).getDouble(1)).as("%s pair %d", gtFile.getFileName(), i)
          .isEqualTo(evaluator.compute(gts.get(i), boxes.get(i), areas.get(i), dts.get(i)));
    }
    return rows.size();
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
