package posespark.eval.coco;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds small COCO ground-truth and results files for tests. */
final class CocoFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Map<String, Object>> images = new ArrayList<>();
  private final List<Map<String, Object>> annotations = new ArrayList<>();
  private final List<Map<String, Object>> categories = new ArrayList<>();
  private final List<Map<String, Object>> results = new ArrayList<>();
  private long nextAnnId = 1;

  CocoFiles() {
    category(1);
  }

  CocoFiles category(int id) {
    if (categories.stream().noneMatch(c -> c.get("id").equals(id))) {
      categories.add(new LinkedHashMap<>(Map.of("id", id, "name", "c" + id)));
    }
    return this;
  }

  CocoFiles image(long id) {
    images.add(new LinkedHashMap<>(Map.of("id", id, "width", 640, "height", 480)));
    return this;
  }

  /** A person with all 17 keypoints labelled, spread over the box; area = w * h. */
  CocoFiles person(long imageId, double x, double y, double w, double h) {
    return gt(imageId, 1, new double[] {x, y, w, h}, w * h, 0, personKeypoints(x, y, w, h), 17);
  }

  CocoFiles gt(long imageId, int categoryId, double[] bbox, double area, int iscrowd, double[] keypoints,
      int numKeypoints) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("id", nextAnnId++);
    a.put("image_id", imageId);
    a.put("category_id", categoryId);
    a.put("bbox", bbox);
    a.put("area", area);
    a.put("iscrowd", iscrowd);
    if (keypoints != null) {
      a.put("keypoints", keypoints);
      a.put("num_keypoints", numKeypoints);
    }
    annotations.add(a);
    return this;
  }

  CocoFiles keypointResult(long imageId, double[] keypoints, double score) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("image_id", imageId);
    r.put("category_id", 1);
    r.put("keypoints", keypoints);
    r.put("score", score);
    results.add(r);
    return this;
  }

  CocoFiles boxResult(long imageId, int categoryId, double[] bbox, double score) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("image_id", imageId);
    r.put("category_id", categoryId);
    r.put("bbox", bbox);
    r.put("score", score);
    results.add(r);
    return this;
  }

  /** Adds any result object (for bad-input tests). */
  CocoFiles rawResult(Map<String, Object> r) {
    results.add(r);
    return this;
  }

  static double[] personKeypoints(double x, double y, double w, double h) {
    double[] k = new double[51];
    for (int i = 0; i < 17; i++) {
      k[3 * i] = x + w * (i % 4 + 1) / 5.0;
      k[3 * i + 1] = y + h * (i / 4 + 1) / 6.0;
      k[3 * i + 2] = 2;
    }
    return k;
  }

  /** Keypoints as a detection would report them: the labelled ones, shifted, score 0.9. */
  static double[] detected(double[] gtKeypoints, double dx, double dy) {
    double[] k = gtKeypoints.clone();
    for (int i = 0; i < 17; i++) {
      k[3 * i] += dx;
      k[3 * i + 1] += dy;
      k[3 * i + 2] = 0.9;
    }
    return k;
  }

  /** Rewrites the id of the first annotation (to reproduce the id-0 quirk). */
  void setFirstAnnotationId(long id) {
    annotations.get(0).put("id", id);
  }

  Path writeGt(Path dir) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("images", images);
    root.put("annotations", annotations);
    root.put("categories", categories);
    return write(dir.resolve("gt.json"), root);
  }

  Path writeResults(Path dir) {
    return write(dir.resolve("results.json"), results);
  }

  static Path write(Path file, Object value) {
    try {
      JSON.writeValue(file.toFile(), value);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
