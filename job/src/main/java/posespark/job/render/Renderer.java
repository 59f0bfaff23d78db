package posespark.job.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import posespark.models.render.DrawnPose;

/**
 * Draws a {@link Selection}'s images with their poses on the executors. The selection (already
 * limited to the images asked for) comes to the driver only as poses and names; the images are
 * read, decoded and drawn where the tasks run.
 */
public final class Renderer {

  private final SparkSession spark;
  private final double minScore;

  /** @param minScore keypoints below it are drawn as rings without limbs */
  public Renderer(SparkSession spark, double minScore) {
    this.spark = spark;
    this.minScore = minScore;
  }

  /** Writes one picture per selected image into {@code outDir} (any Hadoop file system). */
  public List<RenderedPicture> writeTo(Dataset<Row> selection, String outDir) {
    return run(selection, outDir, 0);
  }

  /** The pictures in memory, scaled to at most {@code maxSide} pixels (for reports). */
  public List<RenderedPicture> inMemory(Dataset<Row> selection, int maxSide) {
    return run(selection, null, maxSide);
  }

  private List<RenderedPicture> run(Dataset<Row> selection, String outDir, int maxSide) {
    List<PictureTask> tasks = tasks(selection.collectAsList());
    if (tasks.isEmpty()) {
      return List.of();
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf = jsc.broadcast(
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    int slices = Math.min(tasks.size(), Math.max(1, spark.sparkContext().defaultParallelism() * 2));
    return jsc.parallelize(tasks, slices).mapPartitions(new RenderPartition(conf, outDir, minScore, maxSide))
        .collect();
  }

  /** One task per selection row, in its order, each with a distinct file name. */
  static List<PictureTask> tasks(List<Row> rows) {
    List<PictureTask> tasks = new ArrayList<>(rows.size());
    Set<String> names = new HashSet<>();
    for (Row r : rows) {
      String uri = r.getAs("uri");
      List<DrawnPose> poses = new ArrayList<>();
      List<Row> persons = r.isNullAt(r.fieldIndex("persons")) ? List.of() : r.getList(r.fieldIndex("persons"));
      for (Row p : persons) {
        poses.add(pose(p));
      }
      poses.sort((a, b) -> Double.compare(a.score(), b.score())); // best drawn last, on top
      String name = fileName(uri, null);
      if (!names.add(name)) {
        name = fileName(uri, r.getAs("image_id"));
        names.add(name);
      }
      tasks.add(new PictureTask(uri, r.getAs("width"), r.getAs("height"), poses, name));
    }
    return tasks;
  }

  private static DrawnPose pose(Row p) {
    Row box = p.getAs("bbox");
    List<Row> kps = p.getList(p.fieldIndex("keypoints"));
    double[] k = new double[kps.size() * 3];
    for (int i = 0; i < kps.size(); i++) {
      Row kp = kps.get(i);
      k[3 * i] = kp.getDouble(0);
      k[3 * i + 1] = kp.getDouble(1);
      k[3 * i + 2] = kp.getDouble(2);
    }
    Object score = p.getAs("pose_score");
    return new DrawnPose(box.getDouble(0), box.getDouble(1), box.getDouble(2), box.getDouble(3),
        score == null ? Double.NaN : ((Number) score).doubleValue(), k);
  }

  /**
   * The picture's file name: the image's name with {@code .png} for PNG sources and {@code .jpg}
   * otherwise; {@code imageId}, when given, is added to tell apart images of the same name.
   */
  static String fileName(String uri, Long imageId) {
    String name = uri.substring(uri.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 && name.substring(dot + 1).toLowerCase(Locale.ROOT).equals("png") ? "png" : "jpg";
    stem = stem.replaceAll("[^A-Za-z0-9._-]", "_");
    return imageId == null ? stem + "." + ext : stem + "-" + imageId + "." + ext;
  }
}
