package posespark.eval.coco;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * Streams COCO JSON (ground truth and results) with Jackson's token parser, so memory stays at
 * one annotation however large the file. Every problem becomes a {@link CocoFormatException}
 * naming the file, the record and what is wrong.
 *
 * <p>Results go through pycocotools' {@code loadRes} rules: the first result decides the branch.
 * If it has a non-empty {@code bbox}, every result's area is {@code w*h} of its box (even for
 * keypoint results); otherwise, with {@code keypoints}, the box and area come from the keypoints'
 * extent (all keypoints, labelled or not).
 */
public final class CocoJsonReader {

  // NaN/Infinity literals are accepted (Python's json writes them) so that the message can name them.
  // The fast double parser is correctly rounded (same bits as Double.parseDouble), only faster.
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /** Receives the parts of a ground-truth file as they stream by. */
  public interface GroundTruthSink {
    void image(long imageId);

    void category(int categoryId);

    void annotation(GtAnnotation annotation);
  }

  private final IouType type;
  private final int keypointCount;

  /** A reader for one evaluation type; {@code keypointCount} is the length of the sigmas. */
  public CocoJsonReader(IouType type, int keypointCount) {
    this.type = type;
    this.keypointCount = keypointCount;
  }

  /** Streams a ground-truth file ({@code images}, {@code annotations}, {@code categories}). */
  public void readGroundTruth(Path file, GroundTruthSink sink) {
    String name = file.toString();
    try (InputStream in = open(file); JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CocoFormatException(name, "ground truth must be a JSON object with images, annotations and categories");
      }
      boolean images = false;
      boolean annotations = false;
      boolean categories = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "images":
            images = true;
            readArray(p, name, "images", i -> sink.image(readImage(p, name, i)));
            break;
          case "annotations":
            annotations = true;
            readArray(p, name, "annotations", i -> sink.annotation(readGt(p, name, i)));
            break;
          case "categories":
            categories = true;
            readArray(p, name, "categories", i -> sink.category(readCategory(p, name, i)));
            break;
          default:
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
              p.skipChildren();
            }
        }
      }
      requireEnd(p, name);
      if (!images || !annotations || !categories) {
        throw new CocoFormatException(name, "ground truth lacks "
            + (!images ? "images" : !annotations ? "annotations" : "categories"));
      }
    } catch (JsonParseException e) {
      throw new CocoFormatException(name, "malformed JSON: " + firstLine(e.getOriginalMessage())
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw ioProblem(name, e);
    }
  }

  /**
   * Streams a results file (a JSON array of detections).
   *
   * @param knownImage tells whether an image id belongs to the ground truth; {@code null} skips the
   *     check (the caller checks later)
   * @return the number of results read
   */
  public long readResults(Path file, LongPredicate knownImage, Consumer<Detection> sink) {
    String name = file.toString();
    try (InputStream in = open(file); JsonParser p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new CocoFormatException(name, "results must be a JSON array of objects");
      }
      long n = 0;
      Branch branch = null;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() == null) {
          throw new CocoFormatException(name, "unexpected end of file in the results array");
        }
        RawResult r = readResult(p, name, n);
        if (branch == null) {
          branch = branchOf(r, name);
        }
        Detection d = toDetection(r, branch, name, n);
        if (knownImage != null && !knownImage.test(d.imageId())) {
          throw new CocoFormatException(name, String.format(Locale.ROOT,
              "result #%d names image_id %d, which is not an image of the ground truth", n, d.imageId()));
        }
        sink.accept(d);
        n++;
      }
      requireEnd(p, name);
      if (n == 0) {
        throw new CocoFormatException(name, "results are empty (no detections to evaluate)");
      }
      return n;
    } catch (JsonParseException e) {
      throw new CocoFormatException(name, "malformed JSON: " + firstLine(e.getOriginalMessage())
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw ioProblem(name, e);
    }
  }

  private enum Branch { BBOX, KEYPOINTS }

  /** pycocotools' {@code loadRes} branch, chosen by the first result. */
  private static Branch branchOf(RawResult first, String name) {
    if (first.hasCaption) {
      throw new CocoFormatException(name, "caption results cannot be evaluated here");
    }
    if (first.bbox != null && first.bbox.length > 0) {
      return Branch.BBOX;
    }
    if (first.hasSegmentation) {
      throw new CocoFormatException(name, "segmentation results are not supported (use bbox or keypoints)");
    }
    if (first.keypoints != null) {
      return Branch.KEYPOINTS;
    }
    throw new CocoFormatException(name, "result #0 has neither bbox nor keypoints");
  }

  private Detection toDetection(RawResult r, Branch branch, String name, long n) {
    if (r.imageId == null) {
      throw missing(name, n, "image_id");
    }
    if (r.categoryId == null) {
      throw missing(name, n, "category_id");
    }
    if (r.score == null) {
      throw missing(name, n, "score");
    }
    if (!Double.isFinite(r.score) || r.score < 0) {
      throw new CocoFormatException(name, String.format(Locale.ROOT,
          "result #%d has score %s; scores must be finite and not negative", n, r.score));
    }
    double[] kps = r.keypoints;
    if (type == IouType.KEYPOINTS || branch == Branch.KEYPOINTS) {
      if (kps == null) {
        throw missing(name, n, "keypoints");
      }
      if (kps.length != 3 * keypointCount) {
        throw new CocoFormatException(name, String.format(Locale.ROOT,
            "result #%d has %d keypoint values; expected %d (x, y, score for %d keypoints)",
            n, kps.length, 3 * keypointCount, keypointCount));
      }
      requireFinite(kps, name, n, "keypoints");
    }
    double[] bbox;
    double area;
    if (branch == Branch.BBOX) {
      if (r.bbox == null) {
        throw missing(name, n, "bbox");
      }
      bbox = checkBox(r.bbox, name, "result #" + n);
      area = bbox[2] * bbox[3];
    } else {
      double x0 = Double.POSITIVE_INFINITY;
      double x1 = Double.NEGATIVE_INFINITY;
      double y0 = Double.POSITIVE_INFINITY;
      double y1 = Double.NEGATIVE_INFINITY;
      for (int i = 0; i + 1 < kps.length; i += 3) {
        x0 = Math.min(x0, kps[i]);
        x1 = Math.max(x1, kps[i]);
        y0 = Math.min(y0, kps[i + 1]);
        y1 = Math.max(y1, kps[i + 1]);
      }
      bbox = new double[] {x0, y0, x1 - x0, y1 - y0};
      area = (x1 - x0) * (y1 - y0);
    }
    // -0.0 + 0.0 is 0.0: numpy's sort treats the two zeros as equal, so must we.
    return new Detection(r.imageId, r.categoryId, n, r.score + 0.0, area, bbox,
        type == IouType.KEYPOINTS ? kps : null);
  }

  private static final class RawResult {
    Long imageId;
    Integer categoryId;
    Double score;
    double[] bbox;
    double[] keypoints;
    boolean hasSegmentation;
    boolean hasCaption;
  }

  private static RawResult readResult(JsonParser p, String name, long n) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new CocoFormatException(name, "result #" + n + " is not a JSON object");
    }
    RawResult r = new RawResult();
    String where = "result #" + n;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "image_id":
          r.imageId = longValue(p, name, where, field);
          break;
        case "category_id":
          r.categoryId = intValue(p, name, where, field);
          break;
        case "score":
          r.score = number(p, name, where, field);
          break;
        case "bbox":
          r.bbox = numbers(p, name, where, field);
          break;
        case "keypoints":
          r.keypoints = numbers(p, name, where, field);
          break;
        case "segmentation":
          r.hasSegmentation = true;
          p.skipChildren();
          break;
        case "caption":
          r.hasCaption = true;
          p.skipChildren();
          break;
        default:
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
          }
      }
    }
    return r;
  }

  private long readImage(JsonParser p, String name, long i) throws IOException {
    String where = "images[" + i + "]";
    requireObject(p, name, where);
    Long id = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("id")) {
        id = longValue(p, name, where, field);
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        p.skipChildren();
      }
    }
    if (id == null) {
      throw new CocoFormatException(name, where + " has no id");
    }
    return id;
  }

  private int readCategory(JsonParser p, String name, long i) throws IOException {
    String where = "categories[" + i + "]";
    requireObject(p, name, where);
    Integer id = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("id")) {
        id = intValue(p, name, where, field);
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        p.skipChildren();
      }
    }
    if (id == null) {
      throw new CocoFormatException(name, where + " has no id");
    }
    return id;
  }

  private GtAnnotation readGt(JsonParser p, String name, long i) throws IOException {
    String where = "annotations[" + i + "]";
    requireObject(p, name, where);
    Long id = null;
    Long imageId = null;
    Integer categoryId = null;
    Double area = null;
    Double iscrowd = null;
    Integer numKeypoints = null;
    double[] bbox = null;
    double[] keypoints = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "id":
          id = longValue(p, name, where, field);
          break;
        case "image_id":
          imageId = longValue(p, name, where, field);
          break;
        case "category_id":
          categoryId = intValue(p, name, where, field);
          break;
        case "area":
          area = number(p, name, where, field);
          break;
        case "iscrowd":
          iscrowd = t == JsonToken.VALUE_TRUE ? 1.0 : t == JsonToken.VALUE_FALSE ? 0.0 : number(p, name, where, field);
          break;
        case "num_keypoints":
          numKeypoints = intValue(p, name, where, field);
          break;
        case "bbox":
          bbox = numbers(p, name, where, field);
          break;
        case "keypoints":
          if (type == IouType.KEYPOINTS) {
            keypoints = numbers(p, name, where, field);
          } else {
            p.skipChildren();
          }
          break;
        default:
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
          }
      }
    }
    String what = where + (id != null ? " (id " + id + ")" : "");
    if (id == null || imageId == null || categoryId == null || area == null || iscrowd == null || bbox == null) {
      String field = id == null ? "id" : imageId == null ? "image_id" : categoryId == null ? "category_id"
          : area == null ? "area" : iscrowd == null ? "iscrowd" : "bbox";
      throw new CocoFormatException(name, what + " has no " + field);
    }
    checkBox(bbox, name, what);
    if (type == IouType.KEYPOINTS) {
      if (numKeypoints == null) {
        throw new CocoFormatException(name, what + " has no num_keypoints");
      }
      if (keypoints == null) {
        throw new CocoFormatException(name, what + " has no keypoints");
      }
      if (keypoints.length != 3 * keypointCount) {
        throw new CocoFormatException(name, String.format(Locale.ROOT,
            "%s has %d keypoint values; expected %d (x, y, v for %d keypoints)",
            what, keypoints.length, 3 * keypointCount, keypointCount));
      }
    }
    return new GtAnnotation(i, imageId, categoryId, id, area, iscrowd != 0,
        numKeypoints == null ? 0 : numKeypoints, bbox, keypoints);
  }

  private static double[] checkBox(double[] bbox, String name, String where) {
    if (bbox.length != 4) {
      throw new CocoFormatException(name, where + " has a bbox of " + bbox.length + " values; expected 4 (x, y, w, h)");
    }
    for (double v : bbox) {
      if (!Double.isFinite(v)) {
        throw new CocoFormatException(name, where + " has a non-finite bbox " + Arrays.toString(bbox));
      }
    }
    return bbox;
  }

  private static void requireFinite(double[] values, String name, long n, String field) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new CocoFormatException(name, "result #" + n + " has a non-finite value in " + field);
      }
    }
  }

  private interface ItemReader {
    void read(long index) throws IOException;
  }

  private static void readArray(JsonParser p, String name, String field, ItemReader item) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new CocoFormatException(name, field + " must be an array");
    }
    long i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == null) {
        throw new CocoFormatException(name, "unexpected end of file in " + field);
      }
      item.read(i++);
    }
  }

  private static void requireObject(JsonParser p, String name, String where) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new CocoFormatException(name, where + " is not a JSON object");
    }
  }

  private static void requireEnd(JsonParser p, String name) throws IOException {
    if (p.nextToken() != null) {
      throw new CocoFormatException(name, "unexpected content after the top-level JSON value");
    }
  }

  private static Double number(JsonParser p, String name, String where, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    throw new CocoFormatException(name, where + " has a non-numeric " + field + " (" + describe(p) + ")");
  }

  private static long longValue(JsonParser p, String name, String where, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new CocoFormatException(name, where + " has a non-integer " + field + " (" + describe(p) + ")");
    }
    return p.getLongValue();
  }

  private static int intValue(JsonParser p, String name, String where, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new CocoFormatException(name, where + " has a non-integer " + field + " (" + describe(p) + ")");
    }
    return p.getIntValue();
  }

  private static double[] numbers(JsonParser p, String name, String where, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new CocoFormatException(name, where + " has a " + field + " that is not an array (" + describe(p) + ")");
    }
    double[] buf = new double[64];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, 2 * n);
      }
      buf[n++] = number(p, name, where, field);
    }
    return Arrays.copyOf(buf, n);
  }

  private static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "end of file";
    }
    return t.isScalarValue() ? p.getText() : t.asString();
  }

  private static InputStream open(Path file) throws IOException {
    return Files.newInputStream(file);
  }

  private static CocoFormatException ioProblem(String name, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new CocoFormatException(name, "no such file");
    }
    return new CocoFormatException(name, "cannot read: " + e.getMessage(), e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static CocoFormatException missing(String name, long n, String field) {
    return new CocoFormatException(name, "result #" + n + " has no " + field);
  }
}
