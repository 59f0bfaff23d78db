package posespark.job.annotate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import posespark.job.source.InputPoses;
import posespark.job.table.PoseTables;
import posespark.models.geometry.Box;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PoseRequest;
import posespark.models.pose.PosePipeline;
import scala.collection.JavaConverters;

/**
 * Lazily turns input rows {@code (image_id: long, uri: string, boxes: array<struct<x,y,w,h,score>>
 * or null)}, in that column order (with {@code --refine-input} followed by {@code input_poses} and
 * {@code input_error}, see {@link InputPoses}), into result rows, {@code batchSize} images
 * at a time: read and decode a batch, run the pipeline on it, hand out its rows, then the next.
 * With {@code prefetchBatches} N &gt; 0, a thread of the task reads and decodes the next N batches
 * while the pipeline runs the current one (input rows are still taken on the task's thread).
 * Holds at most 1 + N batches of decoded images, whatever the partition size; {@link #close()}
 * stops the prefetch thread (also done when the input is exhausted).
 */
final class BatchedAnnotator implements Iterator<Row>, AutoCloseable {

  private final Iterator<Row> input;
  private final int batchSize;
  private final ImageReader reader;
  private final PosePipeline pipeline;
  private final AnnotateCounters counters;
  private final double minPoseScore;
  private final ArrayDeque<Row> ready = new ArrayDeque<>();
  private final int prefetchBatches;
  private final ExecutorService prefetch;
  private final ArrayDeque<Future<List<Item>>> ahead = new ArrayDeque<>();

  BatchedAnnotator(Iterator<Row> input, int batchSize, ImageReader reader, PosePipeline pipeline,
      AnnotateCounters counters, double minPoseScore) {
    this(input, batchSize, reader, pipeline, counters, minPoseScore, 0);
  }

  BatchedAnnotator(Iterator<Row> input, int batchSize, ImageReader reader, PosePipeline pipeline,
      AnnotateCounters counters, double minPoseScore, int prefetchBatches) {
    this.prefetchBatches = Math.max(0, prefetchBatches);
    this.prefetch = this.prefetchBatches == 0 ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "posespark-prefetch");
      t.setDaemon(true);
      return t;
    });
    this.input = input;
    this.batchSize = batchSize;
    this.reader = reader;
    this.pipeline = pipeline;
    this.counters = counters;
    this.minPoseScore = minPoseScore;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && (!ahead.isEmpty() || input.hasNext())) {
      annotateNextBatch();
    }
    if (ready.isEmpty()) {
      close();
    }
    return !ready.isEmpty();
  }

  /** Stops the prefetch thread; decoded images read ahead are dropped. Idempotent. */
  @Override
  public void close() {
    if (prefetch != null) {
      ahead.forEach(f -> f.cancel(true));
      ahead.clear();
      prefetch.shutdownNow();
    }
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.removeFirst();
  }

  /** One input image on its way through the batch. */
  private static final class Item {
    final long imageId;
    final String uri;
    final List<Box> boxes;
    final List<PersonPose> inputPoses;
    final String inputError;
    ImageReader.Outcome outcome;

    Item(Row row) {
      this.imageId = row.getLong(0);
      this.uri = row.getString(1);
      this.boxes = boxes(row);
      boolean refining = row.length() > 3;
      this.inputPoses = refining && !row.isNullAt(3) ? InputPoses.poses(row.getList(3)) : null;
      this.inputError = refining && !row.isNullAt(4) ? row.getString(4) : null;
    }
  }

  /** The next batch's rows, taken from the input on the task's thread. */
  private List<Item> takeBatch() {
    List<Item> items = new ArrayList<>(batchSize);
    while (items.size() < batchSize && input.hasNext()) {
      items.add(new Item(input.next()));
    }
    return items;
  }

  private List<Item> readAll(List<Item> items) {
    for (Item item : items) {
      item.outcome = reader.read(item.uri);
    }
    return items;
  }

  /** The next batch, read and decoded; with prefetch, the following batches start reading. */
  private List<Item> nextDecodedBatch() {
    if (prefetch == null) {
      return readAll(takeBatch());
    }
    fillAhead();
    List<Item> items;
    try {
      items = ahead.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading images failed: " + e.getCause(), e.getCause());
    }
    fillAhead();
    return items;
  }

  private void fillAhead() {
    while (ahead.size() < prefetchBatches && input.hasNext()) {
      List<Item> items = takeBatch();
      ahead.addLast(prefetch.submit(() -> readAll(items)));
    }
  }

  private void annotateNextBatch() {
    List<Item> items = nextDecodedBatch();
    List<Item> decoded = new ArrayList<>(items.size());
    List<PoseRequest> requests = new ArrayList<>(items.size());
    for (Item item : items) {
      if (item.outcome.image() != null && item.inputError == null) {
        decoded.add(item);
        requests.add(item.inputPoses != null
            ? PoseRequest.refining(item.imageId, item.outcome.image(), item.inputPoses)
            : new PoseRequest(item.imageId, item.outcome.image(), item.boxes));
      }
    }
    long start = System.nanoTime();
    List<ImagePoses> answers = annotate(requests);
    counters.pipelineMicros.add((System.nanoTime() - start) / 1000);
    Map<Item, ImagePoses> byItem = new java.util.IdentityHashMap<>();
    for (int i = 0; i < decoded.size(); i++) {
      byItem.put(decoded.get(i), answers.get(i));
    }
    for (Item item : items) {
      ready.addLast(resultRow(item, byItem.get(item)));
    }
  }

  /** The batch at once; if the pipeline throws, each image alone, so only the culprit fails. */
  private List<ImagePoses> annotate(List<PoseRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    try {
      List<ImagePoses> answers = pipeline.annotate(requests);
      if (answers.size() != requests.size()) {
        throw new IllegalStateException("pipeline returned " + answers.size() + " answers for "
            + requests.size() + " images");
      }
      return answers;
    } catch (RuntimeException batchFailure) {
      if (requests.size() == 1) {
        return List.of(failed(requests.get(0), batchFailure));
      }
      List<ImagePoses> answers = new ArrayList<>(requests.size());
      for (PoseRequest request : requests) {
        try {
          answers.add(pipeline.annotate(List.of(request)).get(0));
        } catch (RuntimeException e) {
          answers.add(failed(request, e));
        }
      }
      return answers;
    }
  }

  private static ImagePoses failed(PoseRequest request, RuntimeException e) {
    return new ImagePoses(request.imageId(), List.of(), Map.of(),
        "pose pipeline failed: " + e);
  }

  private Row resultRow(Item item, ImagePoses poses) {
    ImageReader.Outcome o = item.outcome;
    Map<String, Object> timings = new LinkedHashMap<>();
    timings.put("read_file", o.readMs());
    timings.put("decode_image", o.decodeMs());
    counters.images.add(1);
    counters.readMicros.add((long) (o.readMs() * 1000));
    counters.decodeMicros.add((long) (o.decodeMs() * 1000));
    String error = o.error() != null ? o.error() : item.inputError;
    List<Row> persons = new ArrayList<>();
    int confident = 0;
    if (poses != null) {
      poses.timingsMs().forEach((step, ms) -> timings.put(step, ms));
      if (poses.ok()) {
        for (PersonPose p : poses.persons()) {
          boolean counts = p.poseScore() >= minPoseScore;
          confident += counts ? 1 : 0;
          persons.add(personRow(persons.size(), p, counts));
        }
      } else {
        error = poses.error();
      }
    }
    if (error != null) {
      counters.errors.add(1);
    }
    counters.persons.add(confident);
    return RowFactory.create(item.imageId, item.uri, o.width(), o.height(),
        error == null ? PoseTables.STATUS_OK : PoseTables.STATUS_ERROR, error, confident,
        JavaConverters.mapAsScalaMap(timings), JavaConverters.asScalaBuffer(persons).toSeq());
  }

  private static Row personRow(int index, PersonPose p, boolean confident) {
    Box b = p.box();
    float[] k = p.keypoints();
    List<Row> keypoints = new ArrayList<>(p.keypointCount());
    for (int i = 0; i < p.keypointCount(); i++) {
      keypoints.add(RowFactory.create((double) k[3 * i], (double) k[3 * i + 1],
          (double) k[3 * i + 2]));
    }
    return RowFactory.create(index, RowFactory.create(b.x(), b.y(), b.w(), b.h()), b.score(),
        p.poseScore(), confident, JavaConverters.asScalaBuffer(keypoints).toSeq(), b.area());
  }

  /** The row's boxes, or null when the pipeline is to detect persons itself. */
  private static List<Box> boxes(Row row) {
    int field = 2;
    if (row.isNullAt(field)) {
      return null;
    }
    List<Row> given = row.getList(field);
    List<Box> boxes = new ArrayList<>(given.size());
    for (Row b : given) {
      boxes.add(new Box(b.getDouble(0), b.getDouble(1), b.getDouble(2), b.getDouble(3),
          b.isNullAt(4) ? 1.0 : b.getDouble(4)));
    }
    return boxes;
  }
}
