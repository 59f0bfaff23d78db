package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * With prefetch, a task reads and decodes the next batch while the pipeline runs the current one,
 * never more than the configured batches ahead, and emits exactly the rows it emits without.
 */
class BatchedAnnotatorPrefetchTest {

  private static final int BATCH = 4;
  private static final int IMAGES = 14;

  @TempDir
  static Path tmp;
  static List<Path> photos = new ArrayList<>();
  static ImageDecoder decoder;

  @BeforeAll
  static void photos() throws Exception {
    for (int i = 0; i < IMAGES; i++) {
      BufferedImage img = new BufferedImage(40 + i, 30 + 2 * i, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(10 * i, 100, 50));
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.dispose();
      Path p = tmp.resolve("p" + i + ".png");
      Files.write(p, ImageFiles.png(img));
      photos.add(p);
    }
    Files.writeString(tmp.resolve("broken.png"), "not a png");
    photos.set(5, tmp.resolve("broken.png"));
    decoder = new ImageDecoder(DecodeOptions.DEFAULT, 1);
  }

  @AfterAll
  static void close() {
    decoder.close();
  }

  /** A real reader that counts the files it has finished and the threads it ran on. */
  private static final class CountingReader extends ImageReader {
    final AtomicInteger done = new AtomicInteger();
    final Set<String> threads = ConcurrentHashMap.newKeySet();

    CountingReader() {
      super(new Configuration(), Long.MAX_VALUE, decoder);
    }

    @Override
    Outcome read(String uri) {
      threads.add(Thread.currentThread().getName());
      Outcome o = super.read(uri);
      done.incrementAndGet();
      return o;
    }
  }

  /** The test pipeline, which at batch k waits (up to 20 s) for batch k + 1 to be read. */
  private static final class WaitingPipeline implements PosePipeline {
    final CountingReader reader;
    final List<Integer> readAtCall = new ArrayList<>();
    final boolean waitForNext;
    int calls;

    WaitingPipeline(CountingReader reader, boolean waitForNext) {
      this.reader = reader;
      this.waitForNext = waitForNext;
    }

    @Override
    public List<ImagePoses> annotate(List<PoseRequest> batch) {
      int wantRead = Math.min(IMAGES, (calls + 2) * BATCH);
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (waitForNext && reader.done.get() < wantRead && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      readAtCall.add(reader.done.get());
      calls++;
      return new ImageSizeTestPipeline().annotate(batch);
    }
  }

  private static Iterator<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      rows.add(RowFactory.create((long) i, photos.get(i).toString(), null));
    }
    return rows.iterator();
  }

  private static List<String> annotate(BatchedAnnotator annotator) {
    List<String> out = new ArrayList<>();
    while (annotator.hasNext()) {
      Row r = annotator.next();
      // Everything but the timings, which differ between runs.
      out.add(r.getLong(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + r.get(4) + " "
          + r.get(5) + " " + r.get(6) + " " + r.get(8));
    }
    return out;
  }

  @Test
  void theNextBatchIsDecodedWhileThePipelineRunsAndTheRowsAreUnchanged() {
    CountingReader plainReader = new CountingReader();
    List<String> plain = annotate(new BatchedAnnotator(rows(), BATCH, plainReader,
        new WaitingPipeline(plainReader, false), new AnnotateCounters(null), 0.0, 0));

    CountingReader reader = new CountingReader();
    WaitingPipeline pipeline = new WaitingPipeline(reader, true);
    List<String> prefetched = annotate(new BatchedAnnotator(rows(), BATCH, reader, pipeline,
        new AnnotateCounters(null), 0.0, 1));

    assertThat(prefetched).as("rows with prefetch").containsExactlyElementsOf(plain);
    assertThat(prefetched).hasSize(IMAGES);
    assertThat(prefetched.get(5)).as("the broken file's row").contains("error");
    assertThat(pipeline.readAtCall).as("images decoded when the pipeline ran batch k: batch k + 1 too, "
        + "and no further").containsExactly(8, 12, 14, 14);
    assertThat(reader.threads).as("reading threads").containsExactly("posespark-prefetch");
    assertThat(plainReader.threads).as("without prefetch: the task's thread")
        .containsExactly(Thread.currentThread().getName());
  }

  @Test
  void closingStopsThePrefetchThread() throws Exception {
    CountingReader reader = new CountingReader();
    BatchedAnnotator annotator = new BatchedAnnotator(rows(), BATCH, reader,
        new WaitingPipeline(reader, false), new AnnotateCounters(null), 0.0, 2);
    assertThat(annotator.hasNext()).isTrue();
    annotator.next();
    annotator.close();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (prefetchThreadsAlive() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(prefetchThreadsAlive()).as("prefetch threads alive after close").isZero();
  }

  private static long prefetchThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("posespark-prefetch") && t.isAlive()).count();
  }
}
