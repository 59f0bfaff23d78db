package posespark.models.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.Detection;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.GtAnnotation;
import posespark.eval.coco.ImageEval;
import posespark.eval.coco.ImageEvaluator;
import posespark.models.detect.PersonDetector;
import posespark.models.ensemble.CropJob;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.MemberOutput;
import posespark.models.ensemble.MemberRunner;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.GaussianBlur;
import posespark.models.heatmap.HeatmapGrid;
import posespark.models.heatmap.TargetPersonPrior;
import posespark.models.image.DecodedImage;
import posespark.models.image.ImageDecodeException;
import posespark.models.image.ImageDecoder;
import posespark.models.keypoints.OksNms;
import posespark.models.pose.PoseRescoring;

/**
 * Measures keypoint AP of many decoding variants on a COCO-format dataset while running every model
 * only once per crop: each chunk of images is decoded, cropped and run through every member (plain
 * and flipped), then every variant decodes those same outputs. Boxes come from the ground truth
 * (non-crowd persons with labelled keypoints, score 1, as HRNet's GT-box evaluation) or from a
 * person detector. AP is computed by the project's COCO evaluator.
 */
public final class AccuracyReport {

  private static final Logger LOG = LoggerFactory.getLogger(AccuracyReport.class);
  private static final int CHUNK = 8;

  /** Loads an image by COCO id. */
  @FunctionalInterface
  public interface ImageLoader {
    DecodedImage load(long imageId) throws IOException;
  }

  /**
   * Loads {@code imagesDir/<file_name>} with the job's decoder (TF, libjpeg-turbo-exact, no ICC);
   * the decoder should keep the stored orientation, which COCO's annotations refer to.
   */
  public static ImageLoader decoding(ImageDecoder decoder, Path imagesDir, Map<Long, String> files) {
    return id -> {
      String name = files.get(id);
      if (name == null) {
        throw new IOException("image " + id + " has no file_name in the ground truth");
      }
      Path file = imagesDir.resolve(name);
      try {
        return decoder.decode(Files.readAllBytes(file));
      } catch (ImageDecodeException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    };
  }

  /** One evaluated variant. */
  public record Row(ReportVariant variant, double[] stats, int detections) {}

  private final CocoGroundTruth gt;
  private final ImageLoader loader;
  private final Map<String, MemberRunner> members;
  private final HeatmapGrid common;
  private final double cropScale;

  public AccuracyReport(CocoGroundTruth gt, ImageLoader loader, Map<String, MemberRunner> members,
      HeatmapGrid common, double cropScale) {
    this.gt = gt;
    this.loader = loader;
    this.members = members;
    this.common = common;
    this.cropScale = cropScale;
  }

  /** Ground-truth boxes of one image as HRNet evaluates with them. */
  public static List<Box> groundTruthBoxes(List<GtAnnotation> annotations) {
    List<Box> boxes = new ArrayList<>();
    for (GtAnnotation a : annotations) {
      if (!a.crowd() && a.numKeypoints() > 0 && a.bbox()[2] > 0 && a.bbox()[3] > 0) {
        boxes.add(new Box(a.bbox()[0], a.bbox()[1], a.bbox()[2], a.bbox()[3], 1.0));
      }
    }
    return boxes;
  }

  /**
   * Runs the members once over every image's boxes and evaluates each variant.
   *
   * @param detector null: ground-truth boxes; else its boxes
   * @param limit    at most this many images (0: all)
   */
  public List<Row> run(List<ReportVariant> variants, PersonDetector detector, int limit)
      throws IOException {
    return run(variants, detector, limit, id -> true);
  }

  /**
   * As {@link #run(List, PersonDetector, int)} on the image ids {@code ids} accepts (e.g. the odd,
   * held-back half); AP is computed over those images only.
   */
  public List<Row> run(List<ReportVariant> variants, PersonDetector detector, int limit,
      java.util.function.LongPredicate idFilter) throws IOException {
    long[] ids = Arrays.stream(gt.imageIds()).filter(idFilter).toArray();
    if (limit > 0 && limit < ids.length) {
      ids = Arrays.copyOf(ids, limit);
    }
    List<Map<Long, List<Detection>>> results = new ArrayList<>();
    List<EnsembleDecoder> decoders = new ArrayList<>();
    List<PoseRescoring> rescorings = new ArrayList<>();
    for (ReportVariant v : variants) {
      results.add(new HashMap<>());
      decoders.add(new EnsembleDecoder(common, v.weights(), v.flip(),
          v.prior() ? new TargetPersonPrior() : null,
          v.postBlur() > 0 ? new GaussianBlur(v.postBlur()) : null, v.localisation()));
      rescorings.add(Double.isNaN(v.rescoreThreshold()) ? PoseRescoring.allKeypoints()
          : PoseRescoring.aboveThreshold(v.rescoreThreshold()));
    }
    LinkedHashSet<String> needed = new LinkedHashSet<>();
    variants.forEach(v -> needed.addAll(v.members()));
    OksNms nms = new OksNms(OksNms.DEFAULT_THRESHOLD);
    // All members share one crop; the zoo's pose models are square.
    double aspect = members.get(needed.iterator().next()).spec().aspect();
    long start = System.nanoTime();
    int crops = 0;
    for (int from = 0; from < ids.length; from += CHUNK) {
      long[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + CHUNK));
      List<DecodedImage> images = new ArrayList<>();
      for (long id : chunk) {
        images.add(loader.load(id));
      }
      List<List<Box>> boxes = new ArrayList<>();
      if (detector == null) {
        for (long id : chunk) {
          boxes.add(groundTruthBoxes(gt.annotations(id)));
        }
      } else {
        boxes = detector.detect(images);
      }
      Map<Long, List<Box>> rawBoxes = new HashMap<>();
      for (int i = 0; i < chunk.length; i++) {
        rawBoxes.put(chunk[i], boxes.get(i));
      }
      List<CropJob> jobs = new ArrayList<>();
      List<long[]> owners = new ArrayList<>();
      for (int i = 0; i < chunk.length; i++) {
        for (Box b : boxes.get(i)) {
          jobs.add(new CropJob(images.get(i), CropWindow.around(b, aspect, cropScale)));
          owners.add(new long[] {chunk[i], i});
        }
      }
      crops += jobs.size();
      Map<String, List<MemberOutput>> outputs = new LinkedHashMap<>();
      for (String name : needed) {
        outputs.put(name, members.get(name).run(jobs, true));
      }
      List<Box> flatBoxes = new ArrayList<>();
      boxes.forEach(flatBoxes::addAll);
      for (int v = 0; v < variants.size(); v++) {
        ReportVariant variant = variants.get(v);
        Map<Long, List<float[]>> kps = new LinkedHashMap<>();
        Map<Long, List<Box>> kpBoxes = new LinkedHashMap<>();
        Map<Integer, Box> selected = select(variant, rawBoxes, owners, flatBoxes);
        for (int j = 0; j < jobs.size(); j++) {
          if (!selected.containsKey(j)) {
            continue;
          }
          List<MemberOutput> mine = new ArrayList<>();
          for (String name : variant.members()) {
            mine.add(outputs.get(name).get(j));
          }
          float[] crop = decoders.get(v).decode(mine);
          CropWindow w = jobs.get(j).window();
          float[] kp = new float[crop.length];
          for (int k = 0; k < crop.length; k += 3) {
            kp[k] = (float) w.imageX(crop[k]);
            kp[k + 1] = (float) w.imageY(crop[k + 1]);
            kp[k + 2] = crop[k + 2];
          }
          kps.computeIfAbsent(owners.get(j)[0], x -> new ArrayList<>()).add(kp);
          kpBoxes.computeIfAbsent(owners.get(j)[0], x -> new ArrayList<>()).add(selected.get(j));
        }
        for (Map.Entry<Long, List<float[]>> e : kps.entrySet()) {
          List<float[]> poses = e.getValue();
          List<Box> bs = kpBoxes.get(e.getKey());
          double[] scores = new double[poses.size()];
          double[] areas = new double[poses.size()];
          for (int p = 0; p < poses.size(); p++) {
            scores[p] = rescorings.get(v).score(bs.get(p).score(), poses.get(p));
            areas[p] = bs.get(p).area();
          }
          List<Detection> dets = results.get(v).computeIfAbsent(e.getKey(), x -> new ArrayList<>());
          for (int p : nms.keep(poses, scores, areas)) {
            dets.add(detection(e.getKey(), dets.size(), scores[p], poses.get(p)));
          }
        }
      }
      if ((from / CHUNK) % 10 == 0) {
        LOG.info("{} / {} images, {} crops, {} s", from + chunk.length, ids.length, crops,
            (System.nanoTime() - start) / 1_000_000_000L);
      }
    }
    LOG.info("ran {} crops through {} in {} s", crops, needed, (System.nanoTime() - start) / 1_000_000_000L);
    EvalParams params = EvalParams.keypoints();
    ImageEvaluator evaluator = new ImageEvaluator(params);
    List<Row> rows = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      Map<Long, List<Detection>> dts = results.get(v);
      List<ImageEval> evals = new ArrayList<>();
      for (long id : ids) {
        evals.addAll(CocoEvaluator.evaluateImage(evaluator, gt.catIds(), id, gt.annotations(id),
            dts.getOrDefault(id, List.of())));
      }
      CocoEvalResult r = CocoEvaluator.accumulate(params, gt.catIds(), evals);
      int n = dts.values().stream().mapToInt(List::size).sum();
      rows.add(new Row(variants.get(v), r.stats(), n));
      LOG.info("{}: AP {}", variants.get(v).label(), String.format(Locale.ROOT, "%.4f", r.stats()[0]));
    }
    return rows;
  }

  /**
   * Crop index → the box (with its possibly decayed score) a variant uses: all crops for ground
   * truth, else the raw detector boxes its {@link posespark.models.detect.BoxFilter} keeps.
   */
  private static Map<Integer, Box> select(ReportVariant variant, Map<Long, List<Box>> rawBoxes,
      List<long[]> owners, List<Box> flatBoxes) {
    Map<Integer, Box> out = new HashMap<>();
    if (variant.boxFilter() == null) {
      for (int j = 0; j < flatBoxes.size(); j++) {
        out.put(j, flatBoxes.get(j));
      }
      return out;
    }
    Map<Long, Integer> firstCrop = new HashMap<>();
    for (int j = 0; j < owners.size(); j++) {
      firstCrop.putIfAbsent(owners.get(j)[0], j);
    }
    for (Map.Entry<Long, List<Box>> e : rawBoxes.entrySet()) {
      List<Box> raw = e.getValue();
      if (raw.isEmpty()) {
        continue;
      }
      int base = firstCrop.get(e.getKey());
      for (Box kept : variant.boxFilter().apply(raw)) {
        for (int i = 0; i < raw.size(); i++) {
          Box r = raw.get(i);
          if (r.x() == kept.x() && r.y() == kept.y() && r.w() == kept.w() && r.h() == kept.h()
              && !out.containsKey(base + i)) {
            out.put(base + i, kept);
            break;
          }
        }
      }
    }
    return out;
  }

  /** A keypoint result as pycocotools' {@code loadRes} stores it (area and box from the keypoints). */
  public static Detection detection(long imageId, int seq, double score, float[] kp) {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    double[] k = new double[kp.length];
    for (int i = 0; i < kp.length; i += 3) {
      k[i] = kp[i];
      k[i + 1] = kp[i + 1];
      k[i + 2] = kp[i + 2];
      x0 = Math.min(x0, kp[i]);
      x1 = Math.max(x1, kp[i]);
      y0 = Math.min(y0, kp[i + 1]);
      y1 = Math.max(y1, kp[i + 1]);
    }
    return new Detection(imageId, 1, seq, score, (x1 - x0) * (y1 - y0),
        new double[] {x0, y0, x1 - x0, y1 - y0}, k);
  }
}
