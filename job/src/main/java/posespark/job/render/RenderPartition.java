package posespark.job.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import posespark.models.image.ImageDecodeException;
import posespark.models.render.DrawnPose;

/**
 * Executor side of the renderer: draws a partition's pictures and writes them into the output
 * folder (or, without one, returns them in memory); an unreadable image becomes an error in its
 * result, never a failed task.
 */
final class RenderPartition implements FlatMapFunction<Iterator<PictureTask>, RenderedPicture> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final String outDir;
  private final double minScore;
  private final int maxSide;

  /**
   * @param outDir  folder to write into; null keeps the pictures in the results
   * @param maxSide longest side of a picture in pixels (scaled down if larger); 0 keeps the size
   */
  RenderPartition(Broadcast<SerializableConfiguration> hadoopConf, String outDir, double minScore, int maxSide) {
    this.hadoopConf = hadoopConf;
    this.outDir = outDir;
    this.minScore = minScore;
    this.maxSide = maxSide;
  }

  @Override
  public Iterator<RenderedPicture> call(Iterator<PictureTask> tasks) throws IOException {
    List<RenderedPicture> done = new ArrayList<>();
    try (PictureDrawer drawer = new PictureDrawer(hadoopConf.value().value(), minScore, maxSide)) {
      while (tasks.hasNext()) {
        PictureTask task = tasks.next();
        double best = task.poses().stream().mapToDouble(DrawnPose::score).max().orElse(Double.NaN);
        try {
          byte[] picture = drawer.draw(task);
          if (outDir == null) {
            done.add(new RenderedPicture(task.fileName(), task.uri(), task.poses().size(), best, null, picture));
            continue;
          }
          Path file = new Path(outDir, task.fileName());
          FileSystem fs = file.getFileSystem(hadoopConf.value().value());
          fs.setWriteChecksum(false); // no .crc side files on a local disk
          try (OutputStream out = fs.create(file, true)) {
            out.write(picture);
          }
          done.add(new RenderedPicture(task.fileName(), task.uri(), task.poses().size(), best, null, null));
        } catch (IOException | ImageDecodeException | RuntimeException e) {
          String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
              .orElse("");
          done.add(new RenderedPicture(null, task.uri(), task.poses().size(), best, reason, null));
        }
      }
    }
    return done.iterator();
  }
}
