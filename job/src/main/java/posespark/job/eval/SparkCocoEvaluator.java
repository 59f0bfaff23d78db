package posespark.job.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
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

/**
 * pycocotools' COCOeval as a Spark aggregation.
 *
 * <ol>
 *   <li>The driver streams the JSON files, ground truth and results side by side, into per-bucket
 *       binary files ({@link ImageBuckets}; bucket = mixed hash of the image id; memory: one record
 *       plus a small buffer per bucket). A poses table instead goes through one shuffle into the
 *       same buckets.
 *   <li>Task {@code b} reads bucket {@code b}, groups it by image and evaluates each image
 *       ({@code evaluateImg}) in the executor; results on images outside the ground truth are flagged.
 *   <li>Detections are sorted globally by (category, score desc, image id, per-image rank), the
 *       reference's tie order; each sorted partition is scanned twice — once for its true/false
 *       positive counts, then, with the counts of the partitions before it as offsets, for its
 *       precision maxima per recall level ({@link CurveScanner}) — and the parts merge by max.
 * </ol>
 * The driver only ever holds per-partition count arrays and the final precision/recall arrays.
 */
public final class SparkCocoEvaluator {

  private static final Logger LOG = LoggerFactory.getLogger(SparkCocoEvaluator.class);
  private static final String GT_IMAGES = "gt-images";
  private static final String GT_ANNOTATIONS = "gt-annotations";
  private static final String RESULTS = "results";

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
    int buckets = buckets(size(gtFile) + size(resultsFile));
    // The two files stream side by side (one driver thread each); executors are idle meanwhile.
    CompletableFuture<GroundTruthBuckets> gtFuture =
        CompletableFuture.supplyAsync(() -> streamGroundTruth(gtFile, buckets));
    long detections;
    try (ImageBuckets dts = new ImageBuckets(sc.hadoopConfiguration(), workDir, RESULTS, buckets)) {
      new CocoJsonReader(params.iouType(), params.keypointCount())
          .readResults(resultsFile, null, d -> dts.add(d.imageId(), AnnotationCodec.encode(d)));
      detections = dts.count();
    } catch (RuntimeException e) {
      gtFuture.cancel(true);
      throw e;
    }
    GroundTruthBuckets gt = join(gtFuture);
    LOG.info("streamed ground truth and {} results into {} buckets in {} ms", detections, buckets,
        (System.nanoTime() - t0) / 1_000_000);
    EvalParams p = params;
    int[] catIds = gt.catIds();
    String dir = workDir;
    JavaRDD<ImageOutcome> outcomes = bucketIds(buckets).mapPartitions(it -> {
      int b = it.next();
      return evaluateBucket(p, catIds, ImageBuckets.read(dir, GT_IMAGES, b), ImageBuckets.read(dir, GT_ANNOTATIONS, b),
          ImageBuckets.read(dir, RESULTS, b).iterator());
    });
    return accumulate(outcomes, catIds, resultsFile.toString(), t0);
  }

  /** Evaluates detections already in Spark (encoded with {@link AnnotationCodec}), e.g. a poses table. */
  public CocoEvalResult evaluate(java.nio.file.Path gtFile, JavaRDD<byte[]> detections, String resultsName) {
    long t0 = System.nanoTime();
    int buckets = buckets(2 * size(gtFile));
    GroundTruthBuckets gt = streamGroundTruth(gtFile, buckets);
    EvalParams p = params;
    int[] catIds = gt.catIds();
    String dir = workDir;
    // The detections' one shuffle puts them in the partition whose bucket holds their image's ground truth.
    JavaRDD<byte[]> byBucket = detections.mapToPair(r -> new Tuple2<>(AnnotationCodec.imageId(r), r))
        .partitionBy(new ImagePartitioner(buckets)).values();
    JavaRDD<ImageOutcome> outcomes = bucketIds(buckets).zipPartitions(byBucket, (it, dts) -> {
      int b = it.next();
      return evaluateBucket(p, catIds, ImageBuckets.read(dir, GT_IMAGES, b), ImageBuckets.read(dir, GT_ANNOTATIONS, b),
          dts);
    });
    return accumulate(outcomes, catIds, resultsName, t0);
  }

  private static long size(java.nio.file.Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Buckets (= partitions of the per-image stage): about 32 MB of JSON each, at least one per core. */
  private int buckets(long jsonBytes) {
    if (partitions > 0) {
      return partitions;
    }
    return (int) Math.max(sc.defaultParallelism(), Math.min(1024, jsonBytes / (32L << 20) + 1));
  }

  private JavaRDD<Integer> bucketIds(int buckets) {
    return sc.parallelize(IntStream.range(0, buckets).boxed().collect(Collectors.toList()), buckets);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private record GroundTruthBuckets(int[] catIds, long imageCount) {}

  private GroundTruthBuckets streamGroundTruth(java.nio.file.Path gtFile, int buckets) {
    Configuration conf = sc.hadoopConfiguration();
    TreeSet<Integer> cats = new TreeSet<>();
    try (ImageBuckets images = new ImageBuckets(conf, workDir, GT_IMAGES, buckets);
        ImageBuckets anns = new ImageBuckets(conf, workDir, GT_ANNOTATIONS, buckets)) {
      new CocoJsonReader(params.iouType(), params.keypointCount()).readGroundTruth(gtFile,
          new CocoJsonReader.GroundTruthSink() {
            @Override
            public void image(long imageId) {
              images.add(imageId, ByteBuffer.allocate(8).putLong(imageId).array());
            }

            @Override
            public void category(int categoryId) {
              cats.add(categoryId);
            }

            @Override
            public void annotation(GtAnnotation a) {
              anns.add(a.imageId(), AnnotationCodec.encode(a));
            }
          });
      if (cats.isEmpty()) {
        throw new CocoFormatException(gtFile.toString(), "ground truth has no categories");
      }
      LOG.info("streamed ground truth: {} images, {} annotations, {} categories",
          images.count(), anns.count(), cats.size());
      return new GroundTruthBuckets(cats.stream().mapToInt(Integer::intValue).toArray(), images.count());
    }
  }

  private CocoEvalResult accumulate(JavaRDD<ImageOutcome> evaluated, int[] catIds, String resultsName, long t0) {
    EvalParams p = params;
    int numA = p.numAreas();
    int width = numA * p.numThresholds();
    // One (totals, detections) pair per partition: primitive arrays, not an object per image.
    JavaRDD<Tuple2<GtTotals, DetectionBlock>> buckets = evaluated.mapPartitions(it -> {
      GtTotals totals = new GtTotals(catIds.length * numA, p);
      DetectionBlock block = new DetectionBlock(width, 1024);
      while (it.hasNext()) {
        ImageOutcome o = it.next();
        totals.add(o, catIds, numA);
        for (ImageEval e : o.evals) {
          int k = Arrays.binarySearch(catIds, e.categoryId());
          for (int d = 0; d < e.numDetections(); d++) {
            block.add(k, e.score(d), e.imageId(), d, e.statusOf(d, numA, p.numThresholds()));
          }
        }
      }
      return List.of(new Tuple2<>(totals, block)).iterator();
    }).persist(StorageLevel.MEMORY_AND_DISK());
    GtTotals totals = buckets.map(Tuple2::_1).reduce(GtTotals::merge);
    if (totals.unknownSeq >= 0) {
      buckets.unpersist(false);
      throw new CocoFormatException(resultsName, String.format(Locale.ROOT,
          "result #%d names image_id %d, which is not an image of the ground truth",
          totals.unknownSeq, totals.unknownImageId));
    }
    LOG.info("per-image evaluation done in {} ms", (System.nanoTime() - t0) / 1_000_000);
    int parts = buckets.getNumPartitions();

    // Global order: (category, score desc, image id, rank); range-partitioned, so partitions are in order.
    JavaRDD<DetectionBlock> sorted = buckets.flatMapToPair(b -> records(b._2()).iterator())
        .sortByKey(true, parts)
        .mapPartitions(it -> {
          DetectionBlock block = new DetectionBlock(width, 1024);
          while (it.hasNext()) {
            Tuple2<DetectionKey, byte[]> r = it.next();
            block.add(r._1().category, r._1().score, r._1().imageId, r._1().rank, r._2());
          }
          return List.of(block).iterator();
        }, true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long[] npig = totals.npig;
    int combos = CurveScanner.combinations(p, catIds.length);
    List<Tuple2<Integer, PartialCurves>> counts = sorted.mapPartitionsWithIndex(
        (index, it) -> List.of(new Tuple2<>(index, scan(p, catIds.length, npig, null, null, it.next()))).iterator(),
        true).collect();
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
            scan(p, catIds.length, npig, tpOff.value()[index], fpOff.value()[index], it.next())).iterator(), true)
        .treeReduce(PartialCurves::merge);
    sorted.unpersist(false);
    buckets.unpersist(false);
    tpOff.destroy();
    fpOff.destroy();
    LOG.info("evaluated {} images, {} sorted partitions, in {} ms", totals.images, numParts,
        (System.nanoTime() - t0) / 1_000_000);
    return CocoEvalResult.accumulate(p, catIds, npig, curves, totals.tally);
  }

  private static List<Tuple2<DetectionKey, byte[]>> records(DetectionBlock b) {
    List<Tuple2<DetectionKey, byte[]>> out = new ArrayList<>(b.size);
    for (int i = 0; i < b.size; i++) {
      out.add(new Tuple2<>(new DetectionKey(b.category[i], b.score[i], b.imageId[i], b.rank[i]), b.statusOf(i)));
    }
    return out;
  }

  private static PartialCurves scan(EvalParams p, int numCats, long[] npig, long[] tpOffset, long[] fpOffset,
      DetectionBlock block) {
    CurveScanner scanner = new CurveScanner(p, numCats, npig, tpOffset, fpOffset);
    int width = block.statusWidth();
    byte[] status = new byte[width];
    for (int i = 0; i < block.size; i++) {
      System.arraycopy(block.status, i * width, status, 0, width);
      scanner.accept(block.category[i], block.rank[i], status);
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

  /** {@code evaluateImg} for every image of one bucket; results on images outside the ground truth are flagged. */
  private static Iterator<ImageOutcome> evaluateBucket(EvalParams p, int[] catIds, List<byte[]> images,
      List<byte[]> gtRecords, Iterator<byte[]> dtRecords) {
    Map<Long, List<GtAnnotation>> gts = new HashMap<>();
    for (byte[] r : gtRecords) {
      GtAnnotation a = AnnotationCodec.decodeGt(r);
      gts.computeIfAbsent(a.imageId(), k -> new ArrayList<>(4)).add(a);
    }
    Map<Long, List<Detection>> dts = new HashMap<>();
    while (dtRecords.hasNext()) {
      Detection d = AnnotationCodec.decodeDetection(dtRecords.next());
      dts.computeIfAbsent(d.imageId(), k -> new ArrayList<>(4)).add(d);
    }
    ImageEvaluator evaluator = new ImageEvaluator(p);
    List<ImageOutcome> out = new ArrayList<>(images.size());
    Set<Long> known = new HashSet<>();
    for (byte[] r : images) {
      long imageId = AnnotationCodec.imageId(r);
      if (!known.add(imageId)) {
        continue;
      }
      List<GtAnnotation> g = gts.getOrDefault(imageId, List.of());
      // Ground truth in file order: pycocotools matches in that order.
      if (g.size() > 1) {
        g.sort((a, b) -> Long.compare(a.seq(), b.seq()));
      }
      out.add(new ImageOutcome(imageId, -1,
          CocoEvaluator.evaluateImage(evaluator, catIds, imageId, g, dts.getOrDefault(imageId, List.of()))));
    }
    for (Map.Entry<Long, List<Detection>> e : dts.entrySet()) {
      if (!known.contains(e.getKey())) {
        long first = e.getValue().stream().mapToLong(Detection::seq).min().getAsLong();
        out.add(new ImageOutcome(e.getKey(), first, List.of()));
      }
    }
    return out.iterator();
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
