package posespark.job.eval;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.eval.coco.AnnotationCodec;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.CocoFormatException;
import posespark.eval.coco.CocoJsonReader;
import posespark.eval.coco.CurveScanner;
import posespark.eval.coco.Detection;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.GtAnnotation;
import posespark.eval.coco.ImageEval;
import posespark.eval.coco.ImageEvaluator;
import posespark.eval.coco.IouType;
import posespark.eval.coco.KeypointTally;
import posespark.eval.coco.PartialCurves;
import scala.Tuple2;
import scala.Tuple3;

/**
 * pycocotools' COCOeval as a Spark aggregation.
 *
 * <ol>
 *   <li>The driver streams the JSON files into binary chunk files (memory: one record).
 *   <li>Executors read the chunks; ground truth, image list and detections are co-grouped by image
 *       id and each image is evaluated where it lands ({@code evaluateImg}).
 *   <li>Detections are sorted globally by (category, score desc, image id, per-image rank), the
 *       reference's tie order; each sorted partition is scanned twice — once for its true/false
 *       positive counts, then, with the counts of the partitions before it as offsets, for its
 *       precision maxima per recall level ({@link CurveScanner}) — and the parts merge by max.
 * </ol>
 * The driver only ever holds per-partition count arrays and the final precision/recall arrays.
 */
public final class SparkCocoEvaluator {

  private static final Logger LOG = LoggerFactory.getLogger(SparkCocoEvaluator.class);
  private static final int RECORDS_PER_CHUNK = 50_000;

  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final EvalParams params;
  private final String workDir;
  private final int partitions;

  /**
   * @param workDir folder for the chunk files; executors must be able to read it (a shared or
   *     distributed file system on a real cluster)
   * @param partitions partitions of the per-image and sort stages; 0 picks from the input size
   */
  public SparkCocoEvaluator(SparkSession spark, EvalParams params, String workDir, int partitions) {
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.params = params;
    this.workDir = workDir;
    this.partitions = partitions;
  }

  /** Evaluates a COCO results JSON file against a ground-truth JSON file. */
  public CocoEvalResult evaluate(java.nio.file.Path gtFile, java.nio.file.Path resultsFile) {
    long t0 = System.nanoTime();
    // The two files stream side by side (one driver thread each); executors are idle meanwhile.
    java.util.concurrent.CompletableFuture<GroundTruthChunks> gtFuture =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> streamGroundTruth(gtFile));
    Configuration conf = sc.hadoopConfiguration();
    try (RecordChunks dts = new RecordChunks(conf, new Path(workDir), "results", RECORDS_PER_CHUNK)) {
      new CocoJsonReader(params.iouType(), params.keypointCount())
          .readResults(resultsFile, null, d -> dts.add(AnnotationCodec.encode(d)));
      GroundTruthChunks gt = join(gtFuture);
      LOG.info("streamed ground truth and {} results into chunks in {} ms", dts.count(), (System.nanoTime() - t0) / 1_000_000);
      return evaluate(gt, chunkRdd(dts.files()), resultsFile.toString(), dts.count());
    } catch (RuntimeException e) {
      gtFuture.cancel(true);
      throw e;
    }
  }

  private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Evaluates detections already in Spark (encoded with {@link AnnotationCodec}). */
  public CocoEvalResult evaluate(java.nio.file.Path gtFile, JavaRDD<byte[]> detections, String resultsName) {
    GroundTruthChunks gt = streamGroundTruth(gtFile);
    return evaluate(gt, detections, resultsName, -1);
  }

  private record GroundTruthChunks(List<String> images, List<String> annotations, int[] catIds, long imageCount) {}

  private GroundTruthChunks streamGroundTruth(java.nio.file.Path gtFile) {
    Configuration conf = sc.hadoopConfiguration();
    TreeSet<Integer> cats = new TreeSet<>();
    try (RecordChunks images = new RecordChunks(conf, new Path(workDir), "gt-images", 4 * RECORDS_PER_CHUNK);
        RecordChunks anns = new RecordChunks(conf, new Path(workDir), "gt-annotations", RECORDS_PER_CHUNK)) {
      new CocoJsonReader(params.iouType(), params.keypointCount()).readGroundTruth(gtFile,
          new CocoJsonReader.GroundTruthSink() {
            @Override
            public void image(long imageId) {
              images.add(ByteBuffer.allocate(8).putLong(imageId).array());
            }

            @Override
            public void category(int categoryId) {
              cats.add(categoryId);
            }

            @Override
            public void annotation(GtAnnotation a) {
              anns.add(AnnotationCodec.encode(a));
            }
          });
      if (cats.isEmpty()) {
        throw new CocoFormatException(gtFile.toString(), "ground truth has no categories");
      }
      LOG.info("streamed ground truth: {} images, {} annotations, {} categories",
          images.count(), anns.count(), cats.size());
      return new GroundTruthChunks(images.files(), anns.files(),
          cats.stream().mapToInt(Integer::intValue).toArray(), images.count());
    }
  }

  private JavaRDD<byte[]> chunkRdd(List<String> files) {
    if (files.isEmpty()) {
      return sc.emptyRDD();
    }
    return sc.parallelize(files, files.size()).flatMap(f -> RecordChunks.read(f).iterator());
  }

  private CocoEvalResult evaluate(GroundTruthChunks gt, JavaRDD<byte[]> detections, String resultsName,
      long detectionCount) {
    int parts = partitions > 0 ? partitions
        : Math.max(sc.defaultParallelism(), (int) Math.min(4096, gt.imageCount() / 25_000 + 1));
    int[] catIds = gt.catIds();
    EvalParams p = params;

    long t0 = System.nanoTime();
    JavaPairRDD<Long, byte[]> images = chunkRdd(gt.images()).mapToPair(r -> new Tuple2<>(AnnotationCodec.imageId(r), r));
    JavaPairRDD<Long, byte[]> gts = chunkRdd(gt.annotations()).mapToPair(r -> new Tuple2<>(AnnotationCodec.imageId(r), r));
    JavaPairRDD<Long, byte[]> dts = detections.mapToPair(r -> new Tuple2<>(AnnotationCodec.imageId(r), r));
    JavaPairRDD<Long, Tuple3<Iterable<byte[]>, Iterable<byte[]>, Iterable<byte[]>>> byImage =
        images.cogroup(gts, dts, new ImagePartitioner(parts));

    // evaluateImg per image, in the executors; results of images outside the ground truth are flagged.
    JavaRDD<ImageOutcome> outcomes = byImage.mapPartitions(it -> evaluatePartition(p, catIds, it))
        .persist(StorageLevel.MEMORY_AND_DISK());
    int numA = p.numAreas();
    GtTotals totals = outcomes.aggregate(new GtTotals(catIds.length * numA, p),
        (acc, o) -> acc.add(o, catIds, numA), GtTotals::merge);
    if (totals.unknownSeq >= 0) {
      outcomes.unpersist(false);
      throw new CocoFormatException(resultsName, String.format(Locale.ROOT,
          "result #%d names image_id %d, which is not an image of the ground truth",
          totals.unknownSeq, totals.unknownImageId));
    }
    LOG.info("per-image evaluation done in {} ms", (System.nanoTime() - t0) / 1_000_000);

    // Global order: (category, score desc, image id, rank); range-partitioned, so partitions are in order.
    JavaPairRDD<DetectionKey, byte[]> sorted = outcomes.flatMapToPair(o -> detectionRecords(o, catIds, p).iterator())
        .sortByKey(true, parts)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long[] npig = totals.npig;
    int combos = CurveScanner.combinations(p, catIds.length);
    List<Tuple2<Integer, PartialCurves>> counts = sorted.mapPartitionsWithIndex(
        (index, it) -> List.of(new Tuple2<>(index, scan(p, catIds.length, npig, null, null, it))).iterator(), true)
        .collect();
    LOG.info("sorted and counted in {} ms", (System.nanoTime() - t0) / 1_000_000);
    int numParts = sorted.getNumPartitions();
    long[][] tpOffsets = new long[numParts][combos];
    long[][] fpOffsets = new long[numParts][combos];
    PartialCurves[] byIndex = new PartialCurves[numParts];
    for (Tuple2<Integer, PartialCurves> c : counts) {
      byIndex[c._1()] = c._2();
    }
    long[] tpRun = new long[combos];
    long[] fpRun = new long[combos];
    for (int i = 0; i < numParts; i++) {
      tpOffsets[i] = tpRun.clone();
      fpOffsets[i] = fpRun.clone();
      long[] tp = byIndex[i].truePositives();
      long[] fp = byIndex[i].falsePositives();
      for (int c = 0; c < combos; c++) {
        tpRun[c] += tp[c];
        fpRun[c] += fp[c];
      }
    }
    Broadcast<long[][]> tpOff = sc.broadcast(tpOffsets);
    Broadcast<long[][]> fpOff = sc.broadcast(fpOffsets);
    PartialCurves curves = sorted.mapPartitionsWithIndex((index, it) -> List.of(
            scan(p, catIds.length, npig, tpOff.value()[index], fpOff.value()[index], it)).iterator(), true)
        .treeReduce(PartialCurves::merge);
    sorted.unpersist(false);
    outcomes.unpersist(false);
    tpOff.destroy();
    fpOff.destroy();
    LOG.info("evaluated {} images, {} detections read, {} partitions, in {} ms", totals.images,
        detectionCount < 0 ? "?" : detectionCount, numParts, (System.nanoTime() - t0) / 1_000_000);
    return CocoEvalResult.accumulate(p, catIds, npig, curves, totals.tally);
  }

  private static PartialCurves scan(EvalParams p, int numCats, long[] npig, long[] tpOffset, long[] fpOffset,
      Iterator<Tuple2<DetectionKey, byte[]>> it) {
    CurveScanner scanner = new CurveScanner(p, numCats, npig, tpOffset, fpOffset);
    while (it.hasNext()) {
      Tuple2<DetectionKey, byte[]> r = it.next();
      scanner.accept(r._1().category, r._1().rank, r._2());
    }
    return scanner.finish();
  }

  /** What evaluating one image gives: its per-category evaluations, or a result on an unknown image. */
  static final class ImageOutcome implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final long imageId;
    final long unknownImageSeq;
    final List<ImageEval> evals;

    ImageOutcome(long imageId, long unknownImageSeq, List<ImageEval> evals) {
      this.imageId = imageId;
      this.unknownImageSeq = unknownImageSeq;
      this.evals = evals;
    }
  }

  private static Iterator<ImageOutcome> evaluatePartition(EvalParams p, int[] catIds,
      Iterator<Tuple2<Long, Tuple3<Iterable<byte[]>, Iterable<byte[]>, Iterable<byte[]>>>> it) {
    ImageEvaluator evaluator = new ImageEvaluator(p);
    List<ImageOutcome> out = new ArrayList<>();
    while (it.hasNext()) {
      Tuple2<Long, Tuple3<Iterable<byte[]>, Iterable<byte[]>, Iterable<byte[]>>> image = it.next();
      long imageId = image._1();
      boolean known = image._2()._1().iterator().hasNext();
      List<GtAnnotation> gts = new ArrayList<>();
      for (byte[] r : image._2()._2()) {
        gts.add(AnnotationCodec.decodeGt(r));
      }
      // Ground truth in file order: pycocotools matches in that order.
      gts.sort((a, b) -> Long.compare(a.seq(), b.seq()));
      List<Detection> dts = new ArrayList<>();
      for (byte[] r : image._2()._3()) {
        dts.add(AnnotationCodec.decodeDetection(r));
      }
      if (!known) {
        if (!dts.isEmpty()) {
          long first = dts.stream().mapToLong(Detection::seq).min().getAsLong();
          out.add(new ImageOutcome(imageId, first, List.of()));
        }
        continue;
      }
      out.add(new ImageOutcome(imageId, -1, CocoEvaluator.evaluateImage(evaluator, catIds, imageId, gts, dts)));
    }
    return out.iterator();
  }

  private static List<Tuple2<DetectionKey, byte[]>> detectionRecords(ImageOutcome o, int[] catIds, EvalParams p) {
    List<Tuple2<DetectionKey, byte[]>> out = new ArrayList<>();
    for (ImageEval e : o.evals) {
      int k = Arrays.binarySearch(catIds, e.categoryId());
      for (int d = 0; d < e.numDetections(); d++) {
        out.add(new Tuple2<>(new DetectionKey(k, e.score(d), e.imageId(), d),
            e.statusOf(d, p.numAreas(), p.numThresholds())));
      }
    }
    return out;
  }

  /** Counted ground truths per (category, area), the keypoint tally, and the image count. */
  static final class GtTotals implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final long[] npig;
    final KeypointTally tally;
    long images;
    long unknownSeq = -1;
    long unknownImageId;

    GtTotals(int cells, EvalParams p) {
      npig = new long[cells];
      tally = p.iouType() == IouType.KEYPOINTS ? new KeypointTally(p.keypointCount()) : null;
    }

    GtTotals add(ImageOutcome o, int[] catIds, int numA) {
      if (o.unknownImageSeq >= 0) {
        noteUnknown(o.unknownImageSeq, o.imageId);
        return this;
      }
      images++;
      for (ImageEval e : o.evals) {
        int k = Arrays.binarySearch(catIds, e.categoryId());
        for (int a = 0; a < numA; a++) {
          npig[k * numA + a] += e.gtCount(a);
        }
        if (tally != null) {
          tally.merge(e.keypointTally());
        }
      }
      return this;
    }

    /** Keeps the earliest result (in file order) that names an image outside the ground truth. */
    private void noteUnknown(long seq, long imageId) {
      if (unknownSeq < 0 || seq < unknownSeq) {
        unknownSeq = seq;
        unknownImageId = imageId;
      }
    }

    GtTotals merge(GtTotals other) {
      if (other.unknownSeq >= 0) {
        noteUnknown(other.unknownSeq, other.unknownImageId);
      }
      for (int i = 0; i < npig.length; i++) {
        npig[i] += other.npig[i];
      }
      if (tally != null) {
        tally.merge(other.tally);
      }
      images += other.images;
      return this;
    }
  }
}
