package posespark.job.annotate;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;

/**
 * Writes real annotate tables (poses, images, runs) for tests of the code that reads them, with the
 * deterministic {@link ImageSizeTestPipeline} instead of pose models: one person per image covering
 * it, keypoint k at fraction (k + 1) / 18 of the diagonal, scores = mean red / 255.
 */
public final class TestPipelineTables {

  private static Shared shared;

  private TestPipelineTables() {}

  /** Tables of a small run shared by the test classes of one JVM (written once, removed at exit). */
  public record Shared(Path photos, Path tables, RunSummary run) {}

  /**
   * One run over five files: red.png 320×240 (every keypoint scores 200/255), dark.png 200×300
   * (40/255), photo.jpg 160×120 (grey 120, about 120/255), blue.png (refused by the pipeline) and
   * notes.jpg (not an image): three ok images with one person each, two errors.
   */
  public static synchronized Shared shared(SparkSession spark) throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("posespark-test-tables-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      Path photos = Files.createDirectories(dir.resolve("photos"));
      ImageIO.write(filled(320, 240, new Color(200, 60, 60)), "png", photos.resolve("red.png").toFile());
      ImageIO.write(filled(200, 300, new Color(40, 90, 90)), "png", photos.resolve("dark.png").toFile());
      ImageIO.write(filled(160, 120, new Color(120, 120, 120)), "jpg", photos.resolve("photo.jpg").toFile());
      ImageIO.write(filled(64, 64, new Color(0, 0, 255)), "png", photos.resolve("blue.png").toFile());
      Files.writeString(photos.resolve("notes.jpg"), "not a picture");
      Path tables = dir.resolve("tables");
      shared = new Shared(photos, tables, annotate(spark, photos, tables, dir.resolve("conf")));
    }
    return shared;
  }

  /** An image of one colour. */
  public static BufferedImage filled(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }

  /** Annotates {@code input} (folder) into {@code output}; returns the run. */
  public static RunSummary annotate(SparkSession spark, Path input, Path output, Path scratch, String... extra)
      throws Exception {
    Path conf = AnnotateRuns.testConf(scratch);
    String[] args = new String[4 + extra.length];
    args[0] = "--input";
    args[1] = input.toString();
    args[2] = "--output";
    args[3] = output.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    return new AnnotateJob(spark, AnnotateRuns.settings(conf, args)).run();
  }
}
