package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.image.DecodeOptions;
import posespark.models.image.ImageDecoder;
import posespark.models.image.ImageFiles;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PoseRequest;
import posespark.models.pose.PosePipeline;

/**
 * A partition is streamed, not materialised: annotating 1,000 images of 3 MB each (3 GB decoded)
 * peaks at the same live heap as 100 images. Were the partition's images held, the larger run
 * would hold 2.7 GB more (or run out of memory).
 */
class BatchedAnnotatorMemoryTest {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 1000;
  private static final long DECODED_BYTES = 3L * WIDTH * HEIGHT;
  private static final int BATCH = 8;

  @TempDir
  static Path tmp;
  static Path photo;
  static ImageDecoder decoder;

  @BeforeAll
  static void photo() throws Exception {
    photo = tmp.resolve("big.png");
    Files.write(photo, ImageFiles.png(new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB)));
    decoder = new ImageDecoder(DecodeOptions.DEFAULT, 1);
  }

  @AfterAll
  static void close() {
    decoder.close();
  }

  /** Rows made on demand, as Spark's iterator hands them out. */
  private static Iterator<Row> rows(int n) {
    return new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public Row next() {
        if (next >= n) {
          throw new NoSuchElementException();
        }
        return RowFactory.create((long) next++, photo.toString(), null);
      }
    };
  }

  /** Runs the test pipeline and records the live heap (after a GC) at each batch. */
  private static final class HeapProbe implements PosePipeline {
    final ImageSizeTestPipeline inner = new ImageSizeTestPipeline();
    final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long peakLiveBytes;
    int largestBatch;

    @Override
    public List<ImagePoses> annotate(List<PoseRequest> batch) {
      largestBatch = Math.max(largestBatch, batch.size());
      System.gc();
      peakLiveBytes = Math.max(peakLiveBytes, memory.getHeapMemoryUsage().getUsed());
      return inner.annotate(batch);
    }
  }

  private static HeapProbe annotate(int images) {
    HeapProbe probe = new HeapProbe();
    ImageReader reader = new ImageReader(new Configuration(), Long.MAX_VALUE, decoder);
    Iterator<Row> out = new BatchedAnnotator(rows(images), BATCH, reader, probe,
        new AnnotateCounters(null), 0.0);
    long emitted = 0;
    while (out.hasNext()) {
      Row r = out.next();
      assertThat(r.getString(4)).as("status of image %d", r.getLong(0)).isEqualTo("ok");
      emitted++;
    }
    assertThat(emitted).isEqualTo(images);
    return probe;
  }

  @Test
  void heapDoesNotGrowWithThePartitionSize() {
    HeapProbe small = annotate(100);
    HeapProbe large = annotate(1000);
    assertThat(large.largestBatch).isEqualTo(BATCH);
    // 100 images vs 1,000: the same live heap within less than two decoded images.
    assertThat(large.peakLiveBytes - small.peakLiveBytes)
        .as("peak live heap growth from 100 to 1,000 images (bytes)")
        .isLessThan(2 * DECODED_BYTES);
  }
}
