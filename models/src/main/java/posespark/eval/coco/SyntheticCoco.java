package posespark.eval.coco;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Seeded synthetic person-keypoint sets for benchmarks and engine comparisons, written as COCO
 * JSON by streaming (any size in constant memory). About 3 persons per image (some crowd regions,
 * some without labelled keypoints), detections around each person with keypoint noise that
 * varies per person, a few false positives, some images with no persons, and scores rounded to 3
 * decimals so that ties occur as in real results files.
 */
public final class SyntheticCoco {

  private static final JsonFactory JSON = new JsonFactory();

  private SyntheticCoco() {}

  /** Writes {@code gt} and {@code results} for {@code images} images. */
  public static void write(Path gt, Path results, int images, long seed) {
    Random rnd = new Random(seed);
    try (JsonGenerator g = JSON.createGenerator(gt.toFile(), JsonEncoding.UTF8);
        JsonGenerator r = JSON.createGenerator(results.toFile(), JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeArrayFieldStart("images");
      for (int i = 0; i < images; i++) {
        g.writeStartObject();
        g.writeNumberField("id", imageId(i));
        g.writeNumberField("width", 640);
        g.writeNumberField("height", 480);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("categories");
      g.writeStartObject();
      g.writeNumberField("id", 1);
      g.writeStringField("name", "person");
      g.writeEndObject();
      g.writeEndArray();
      g.writeArrayFieldStart("annotations");
      r.writeStartArray();
      long annId = 1;
      double[] kps = new double[51];
      for (int i = 0; i < images; i++) {
        long imageId = imageId(i);
        int persons = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(5);
        for (int p = 0; p < persons; p++) {
          double w = 20 + rnd.nextDouble() * 220;
          double h = w * (1.2 + rnd.nextDouble());
          double x = rnd.nextDouble() * (640 - w);
          double y = rnd.nextDouble() * Math.max(1, 480 - h);
          boolean crowd = rnd.nextInt(40) == 0;
          int labelled = 0;
          for (int k = 0; k < 17; k++) {
            kps[3 * k] = x + w * (0.2 + 0.6 * rnd.nextDouble());
            kps[3 * k + 1] = y + h * (k + 1) / 19.0;
            int v = crowd || rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(2);
            kps[3 * k + 2] = v;
            labelled += v > 0 ? 1 : 0;
          }
          double area = Math.round(w * h * (0.55 + 0.2 * rnd.nextDouble()) * 100) / 100.0;
          g.writeStartObject();
          g.writeNumberField("id", annId++);
          g.writeNumberField("image_id", imageId);
          g.writeNumberField("category_id", 1);
          g.writeNumberField("iscrowd", crowd ? 1 : 0);
          g.writeNumberField("area", area);
          writeArray(g, "bbox", new double[] {round2(x), round2(y), round2(w), round2(h)}, 4);
          g.writeNumberField("num_keypoints", labelled);
          writeArray(g, "keypoints", kps, 51);
          g.writeEndObject();
          if (!crowd && rnd.nextInt(8) != 0) {
            writeDetection(r, rnd, imageId, kps, w, h, 0.02 + 0.2 * rnd.nextDouble() * rnd.nextDouble(),
                0.3 + 0.7 * rnd.nextDouble());
          }
        }
        int falsePositives = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0;
        for (int f = 0; f < falsePositives; f++) {
          double w = 20 + rnd.nextDouble() * 150;
          double h = w * 1.5;
          double x = rnd.nextDouble() * 600;
          double y = rnd.nextDouble() * 400;
          for (int k = 0; k < 17; k++) {
            kps[3 * k] = x + w * rnd.nextDouble();
            kps[3 * k + 1] = y + h * (k + 1) / 19.0;
          }
          writeDetection(r, rnd, imageId, kps, w, h, 0.1, 0.6 * rnd.nextDouble());
        }
      }
      g.writeEndArray();
      g.writeEndObject();
      r.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write synthetic COCO set", e);
    }
  }

  private static long imageId(int i) {
    return 100_000L + 3L * i;
  }

  private static void writeDetection(JsonGenerator r, Random rnd, long imageId, double[] gt, double w, double h,
      double noise, double score) throws IOException {
    double[] d = new double[51];
    for (int k = 0; k < 17; k++) {
      d[3 * k] = gt[3 * k] + rnd.nextGaussian() * noise * w;
      d[3 * k + 1] = gt[3 * k + 1] + rnd.nextGaussian() * noise * h;
      d[3 * k + 2] = Math.round(rnd.nextDouble() * 1000) / 1000.0;
    }
    r.writeStartObject();
    r.writeNumberField("image_id", imageId);
    r.writeNumberField("category_id", 1);
    writeArray(r, "keypoints", d, 51);
    r.writeNumberField("score", Math.round(score * 1000) / 1000.0);
    r.writeEndObject();
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void writeArray(JsonGenerator g, String name, double[] v, int n) throws IOException {
    g.writeArrayFieldStart(name);
    for (int i = 0; i < n; i++) {
      double x = v[i];
      if (x == Math.rint(x) && Math.abs(x) < 1e15) {
        g.writeNumber((long) x);
      } else {
        g.writeNumber(Math.round(x * 100) / 100.0);
      }
    }
    g.writeEndArray();
  }

  /** {@code java posespark.eval.coco.SyntheticCoco GT RESULTS IMAGES [SEED]}. */
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: SyntheticCoco GT.json RESULTS.json IMAGES [SEED]");
      System.exit(2);
    }
    write(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]),
        args.length > 3 ? Long.parseLong(args[3]) : 7L);
  }
}
