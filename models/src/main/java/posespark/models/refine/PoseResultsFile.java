package posespark.models.refine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import posespark.models.geometry.Box;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.pose.PersonPose;

/**
 * Reads poses of another system from a COCO keypoint results JSON (an array of
 * {@code {image_id, category_id, keypoints: [x, y, v] × 17, score}}), for refinement. A result
 * without {@code bbox} gets the box around its keypoints of positive score; an optional
 * {@code box_score} (written by posespark's own caches) is kept, else the result's score is the box
 * score. The file must be a JSON array (else the whole file is refused with one line); a result that
 * is malformed on its own (no image id, wrong keypoint count, no score) marks its image as bad with
 * the reason, so the job can report that image instead of silently dropping the pose.
 */
public final class PoseResultsFile {

  /**
   * Parsed results.
   *
   * @param poses  image id → poses, in file order
   * @param errors image id → the first reason one of its results was refused
   */
  public record Parsed(Map<Long, List<PersonPose>> poses, Map<Long, String> errors) {
    /** Number of poses read. */
    public int count() {
      return poses.values().stream().mapToInt(List::size).sum();
    }
  }

  private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
      .disable(com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private PoseResultsFile() {}

  /** Parses {@code in}; {@code source} names the file in errors. */
  public static Parsed read(InputStream in, String source) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid JSON (" + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ")");
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(source + ": expected a JSON array of COCO keypoint results");
    }
    Map<Long, List<PersonPose>> poses = new LinkedHashMap<>();
    Map<Long, String> errors = new LinkedHashMap<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode r = root.get(i);
      JsonNode id = r == null ? null : r.get("image_id");
      if (id == null || !id.canConvertToLong() || !id.isIntegralNumber()) {
        throw new IllegalArgumentException(source + ": result " + i + " has no integer image_id");
      }
      long imageId = id.asLong();
      String problem = problem(r, i);
      if (problem != null) {
        errors.putIfAbsent(imageId, problem);
        continue;
      }
      poses.computeIfAbsent(imageId, x -> new ArrayList<>()).add(pose(r));
    }
    return new Parsed(poses, errors);
  }

  private static String problem(JsonNode r, int i) {
    JsonNode kp = r.get("keypoints");
    if (kp == null || !kp.isArray()) {
      return String.format(Locale.ROOT, "refine input result %d has no keypoints array", i);
    }
    if (kp.size() != 3 * CocoKeypoints.COUNT) {
      return String.format(Locale.ROOT, "refine input result %d has %d keypoint values, expected %d",
          i, kp.size(), 3 * CocoKeypoints.COUNT);
    }
    for (JsonNode v : kp) {
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        return String.format(Locale.ROOT, "refine input result %d has a non-numeric keypoint value", i);
      }
    }
    JsonNode score = r.get("score");
    if (score == null || !score.isNumber()) {
      return String.format(Locale.ROOT, "refine input result %d has no numeric score", i);
    }
    JsonNode bbox = r.get("bbox");
    if (bbox != null && (!bbox.isArray() || bbox.size() != 4)) {
      return String.format(Locale.ROOT, "refine input result %d has a bbox that is not [x, y, w, h]", i);
    }
    return null;
  }

  private static PersonPose pose(JsonNode r) {
    JsonNode kp = r.get("keypoints");
    float[] k = new float[kp.size()];
    for (int j = 0; j < k.length; j++) {
      k[j] = (float) kp.get(j).asDouble();
    }
    double score = r.get("score").asDouble();
    double boxScore = r.has("box_score") ? r.get("box_score").asDouble() : score;
    JsonNode b = r.get("bbox");
    Box box = b != null
        ? new Box(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble(), boxScore)
        : extent(k, boxScore);
    return new PersonPose(box, score, k);
  }

  /** The box around the keypoints of positive score (all keypoints when none has). */
  static Box extent(float[] k, double score) {
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    boolean any = false;
    for (int pass = 0; pass < 2 && !any; pass++) {
      for (int j = 0; j < k.length; j += 3) {
        if (pass == 1 || k[j + 2] > 0) {
          x0 = Math.min(x0, k[j]);
          x1 = Math.max(x1, k[j]);
          y0 = Math.min(y0, k[j + 1]);
          y1 = Math.max(y1, k[j + 1]);
          any = true;
        }
      }
    }
    return new Box(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0), score);
  }

  /** One pose as a results entry posespark's caches write (with bbox and box_score). */
  public static Map<String, Object> entry(long imageId, PersonPose p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image_id", imageId);
    m.put("category_id", 1);
    double[] k = new double[p.keypoints().length];
    for (int j = 0; j < k.length; j++) {
      k[j] = p.keypoints()[j];
    }
    m.put("keypoints", k);
    m.put("score", p.poseScore());
    m.put("bbox", new double[] {p.box().x(), p.box().y(), p.box().w(), p.box().h()});
    m.put("box_score", p.box().score());
    return m;
  }

  /** Writes poses as a results JSON array (see {@link #entry}). */
  public static void write(Path file, Map<Long, List<PersonPose>> poses) throws IOException {
    List<Map<String, Object>> all = new ArrayList<>();
    poses.forEach((id, list) -> list.forEach(p -> all.add(entry(id, p))));
    JSON.writeValue(file.toFile(), all);
  }
}
