package posespark.job.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import posespark.job.storage.DriverFiles;
import posespark.models.geometry.Box;
import posespark.models.pose.PersonPose;
import posespark.models.refine.PoseResultsFile;

/**
 * Poses of another system given to the job for refinement ({@code --refine-input}, a COCO keypoint
 * results JSON): {@code image_id, input_poses array<struct>, input_error string}, one row per image
 * the file names. Read on the driver; a file that is not a JSON array of results, or results naming
 * image ids the input does not have, fail the run before any image is read (one line); a result
 * that is malformed on its own fails only its image ({@code input_error}, status {@code error}).
 */
public final class InputPoses {

  public static final StructType POSE = new StructType()
      .add("x", DataTypes.DoubleType)
      .add("y", DataTypes.DoubleType)
      .add("w", DataTypes.DoubleType)
      .add("h", DataTypes.DoubleType)
      .add("box_score", DataTypes.DoubleType)
      .add("score", DataTypes.DoubleType)
      .add("keypoints", DataTypes.createArrayType(DataTypes.DoubleType));

  public static final StructType SCHEMA = new StructType()
      .add("image_id", DataTypes.LongType)
      .add("input_poses", DataTypes.createArrayType(POSE))
      .add("input_error", DataTypes.StringType);

  private InputPoses() {}

  /** Reads {@code uri} and checks its image ids against {@code imageIds} of the input. */
  public static Dataset<Row> read(SparkSession spark, String uri, Dataset<Row> imageIds,
      Configuration conf) throws IOException {
    PoseResultsFile.Parsed parsed;
    try (DriverFiles.LocalFile local = DriverFiles.read(uri, conf);
        InputStream in = Files.newInputStream(local.path())) {
      parsed = PoseResultsFile.read(in, "--refine-input " + uri);
    }
    Set<Long> named = new LinkedHashSet<>(parsed.poses().keySet());
    named.addAll(parsed.errors().keySet());
    Set<Long> known = new HashSet<>(imageIds.select("image_id").as(Encoders.LONG()).collectAsList());
    List<Long> unknown = named.stream().filter(id -> !known.contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("--refine-input " + uri + ": " + unknown.size()
          + " image id(s) are not in --input (first: " + unknown.get(0) + ")");
    }
    List<Row> rows = new ArrayList<>();
    for (long id : named) {
      List<Row> poses = new ArrayList<>();
      for (PersonPose p : parsed.poses().getOrDefault(id, List.of())) {
        poses.add(row(p));
      }
      rows.add(RowFactory.create(id, poses.toArray(), parsed.errors().get(id)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Row row(PersonPose p) {
    Box b = p.box();
    Double[] k = new Double[p.keypoints().length];
    for (int i = 0; i < k.length; i++) {
      k[i] = (double) p.keypoints()[i];
    }
    return RowFactory.create(b.x(), b.y(), b.w(), b.h(), b.score(), p.poseScore(), k);
  }

  /** The poses of an {@code input_poses} value. */
  public static List<PersonPose> poses(List<Row> rows) {
    List<PersonPose> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<Double> k = r.getList(6);
      float[] kp = new float[k.size()];
      for (int i = 0; i < kp.length; i++) {
        kp[i] = k.get(i).floatValue();
      }
      out.add(new PersonPose(new Box(r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3),
          r.getDouble(4)), r.getDouble(5), kp));
    }
    return out;
  }
}
