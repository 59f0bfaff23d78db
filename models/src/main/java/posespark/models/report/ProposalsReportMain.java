package posespark.models.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.bench.CpuPeak;
import posespark.models.detect.BoxFilter;
import posespark.models.detect.BoxFusion;
import posespark.models.detect.FusedDetector;
import posespark.models.detect.PersonDetector;
import posespark.models.detect.PersonProposals;
import posespark.models.detect.ZooDetectors;
import posespark.models.geometry.Box;
import posespark.models.image.DecodeOptions;
import posespark.models.image.DecodedImage;
import posespark.models.image.ImageDecoder;
import posespark.models.keypoints.OksNms;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PosePipelines;
import posespark.models.pose.PoseRequest;

/**
 * Person proposals report: each detector's boxes (cached per image), fused by WBF or pooled NMS,
 * through the default pose pipeline (keypoints cached per box), scored and suppressed as the
 * pipeline does; keypoint AP and person recall at OKS 0.5 on the even (choosing) and odd
 * (reporting) image ids; the bottom-up pipeline's AP; and top-down vs bottom-up images/s measured
 * side by side. Writes a Markdown report.
 */
@Command(name = "proposals-report", mixinStandardHelpOptions = true,
    description = "Person proposals (detectors, box fusion) and bottom-up mode on a COCO folder.")
public final class ProposalsReportMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ProposalsReportMain.class);
  private static final List<String> DETECTORS = List.of("centernet", "nanodet", "multipose");
  private static final int POSE_BATCH = 16;

  @Option(names = "--data", required = true, description = "folder with person_keypoints.json and images/")
  Path data;

  @Option(names = "--cache", defaultValue = "target/proposals",
      description = "folder of the box and keypoint caches (default: ${DEFAULT-VALUE})")
  Path cache;

  @Option(names = "--markdown", required = true, description = "report file (overwritten)")
  Path markdown;

  @Option(names = "--variants", split = ";", defaultValue = "centernet;nanodet;multipose;"
      + "centernet+nanodet/wbf;centernet+multipose/wbf;centernet+nanodet+multipose/wbf;"
      + "centernet+nanodet/nms;centernet+multipose/nms;centernet+nanodet+multipose/nms",
      description = "proposal variants (PersonProposals ids) compared by box AP on even ids, "
          + "';'-separated")
  List<String> variants;

  @Option(names = "--pose-variants", split = ";", defaultValue = "centernet;multipose;nanodet",
      description = "variants run through the pose pipeline on odd ids, ';'-separated; the best "
          + "fused variant on even ids is added (default: ${DEFAULT-VALUE})")
  List<String> poseVariants;

  @Option(names = "--timing-images", defaultValue = "40",
      description = "odd-id images timed top-down vs bottom-up (default: ${DEFAULT-VALUE})")
  int timingImages;

  private CocoGroundTruth gt;
  private Map<Long, String> files;
  private ImageDecoder decoder;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProposalsReportMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path gtFile = data.resolve("person_keypoints.json");
    gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    files = CocoImageFiles.read(gtFile);
    long[] ids = gt.imageIds();
    PipelineConfig config = PipelineConfig.defaults();
    BoxFilter filter = config.boxFilter();
    List<PersonProposals> proposals = variants.stream().map(PersonProposals::parse).toList();
    StringBuilder md = new StringBuilder();
    try (ImageDecoder d = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      decoder = d;
      Map<String, JsonCache> boxes = detectAll(ids, filter);
      Map<PersonProposals, Map<Long, List<Box>>> perVariant = new LinkedHashMap<>();
      for (PersonProposals p : proposals) {
        perVariant.put(p, variantBoxes(p, ids, boxes, filter));
      }
      // Choosing half: box AP of every variant, no pose model needed.
      BoxEvaluation boxEval = new BoxEvaluation(CocoGroundTruth.read(gtFile, IouType.BBOX, 17));
      List<BoxEvaluation.Row> boxRows = new ArrayList<>();
      for (PersonProposals p : proposals) {
        boxRows.add(boxEval.row(p.id(), perVariant.get(p), ids, 0));
      }
      BoxEvaluation.Row bestFused = boxRows.stream().filter(r -> r.label().contains("/"))
          .max(Comparator.comparingDouble(BoxEvaluation.Row::ap)).orElseThrow();
      List<PersonProposals> posed = new ArrayList<>();
      for (String v : poseVariants) {
        posed.add(PersonProposals.parse(v));
      }
      PersonProposals chosen = PersonProposals.parse(bestFused.label());
      if (!posed.contains(chosen)) {
        posed.add(Math.min(1, posed.size()), chosen);
      }
      // Reporting half: poses of every box of the posed variants on odd ids.
      JsonCache poses = new JsonCache(cache.resolve("keypoints-per-box.json"));
      Map<PersonProposals, Map<Long, List<Box>>> odd = new LinkedHashMap<>();
      for (PersonProposals p : posed) {
        Map<Long, List<Box>> all = perVariant.containsKey(p) ? perVariant.get(p)
            : variantBoxes(p, ids, boxes, filter);
        Map<Long, List<Box>> mine = new LinkedHashMap<>();
        all.forEach((id, b) -> {
          if (id % 2 == 1) {
            mine.put(id, b);
          }
        });
        odd.put(p, mine);
      }
      runPoses(odd, poses);
      ProposalsEvaluation eval = new ProposalsEvaluation(gt);
      ProposalsEvaluation.Scoring scoring = new ProposalsEvaluation.Scoring(
          PosePipelines.scorer(config), new OksNms(config.oksNmsThreshold()));
      List<ProposalsEvaluation.Row> rows = new ArrayList<>();
      for (PersonProposals p : posed) {
        Map<Long, List<PersonPose>> found = rescore(odd.get(p), poses, boxes.get("centernet"),
            scoring);
        rows.add(eval.row(p.id(), found, ids, 1));
      }
      Map<Long, List<PersonPose>> bottomUp = bottomUp(ids, config);
      rows.add(eval.row("bottom-up (movenet-multipose, whole image)", bottomUp, ids, 1));
      double[] timing = timing(ids, config);
      md.append(String.format(Locale.ROOT, "### Run on %s%n%n"
          + "Generated by `submit/lib/proposals-report.sh` (%s). Every variant's boxes go through the "
          + "default pose pipeline (movenet-thunder:2 + blazepose-heavy:1, flip, prior, calibrated "
          + "scoring, OKS-NMS 0.9). Fusion variants are compared by person box AP on even image ids "
          + "(no pose model needed); the best one and the detectors alone are reported on odd ids. "
          + "Detector boxes: score >= 0.1, NMS 0.5, at most 20 per detector; WBF at IoU %.2f.%n%n",
          data.getFileName(), ProposalsReportMain.class.getSimpleName(), FusedDetector.WBF_IOU));
      md.append(BoxEvaluation.markdown(boxRows, bestFused));
      md.append(ProposalsEvaluation.markdown(rows, timing, timingImages, CpuPeak.detect().cpu(),
          data.getFileName().toString()));
    }
    Files.createDirectories(markdown.toAbsolutePath().getParent());
    Files.writeString(markdown, withGenerated(
        Files.isRegularFile(markdown) ? Files.readString(markdown) : null, md.toString()));
    System.out.print(md);
    return 0;
  }

  static final String BEGIN = "<!-- proposals-report:begin -->";
  static final String END = "<!-- proposals-report:end -->";

  /**
   * The report file with the generated part between {@link #BEGIN} and {@link #END} replaced, so
   * the hand-written text around it stays; the generated part alone when there are no markers.
   */
  static String withGenerated(String existing, String generated) {
    String block = BEGIN + "\n" + generated + END + "\n";
    if (existing == null || !existing.contains(BEGIN) || !existing.contains(END)) {
      return block;
    }
    return existing.substring(0, existing.indexOf(BEGIN)) + block
        + existing.substring(existing.indexOf(END) + END.length()).replaceFirst("^\n", "");
  }

  private DecodedImage load(long id) throws java.io.IOException {
    return AccuracyReport.decoding(decoder, data.resolve("images"), files).load(id);
  }

  /** Each detector's filtered boxes per image: {@code [width, height, (x, y, w, h, score)...]}. */
  private Map<String, JsonCache> detectAll(long[] ids, BoxFilter filter) throws Exception {
    Map<String, JsonCache> caches = new LinkedHashMap<>();
    for (String name : DETECTORS) {
      JsonCache c = new JsonCache(cache.resolve("boxes-" + name + ".json"));
      caches.put(name, c);
      int done = 0;
      PersonDetector detector = null;
      for (long id : ids) {
        if (c.has(String.valueOf(id))) {
          continue;
        }
        if (detector == null) {
          detector = ZooDetectors.create(name, filter);
        }
        DecodedImage image = load(id);
        List<Box> found = detector.detect(List.of(image)).get(0);
        float[] row = new float[2 + 5 * found.size()];
        row[0] = image.width();
        row[1] = image.height();
        for (int i = 0; i < found.size(); i++) {
          Box b = found.get(i);
          float[] v = {(float) b.x(), (float) b.y(), (float) b.w(), (float) b.h(), (float) b.score()};
          System.arraycopy(v, 0, row, 2 + 5 * i, 5);
        }
        c.put(String.valueOf(id), row);
        if (++done % 50 == 0) {
          LOG.info("{}: {} images detected", name, done);
          c.save();
        }
      }
      c.save();
    }
    return caches;
  }

  static List<Box> boxes(float[] row) {
    List<Box> out = new ArrayList<>();
    for (int i = 2; i + 4 < row.length; i += 5) {
      out.add(new Box(row[i], row[i + 1], row[i + 2], row[i + 3], row[i + 4]));
    }
    return out;
  }

  private static Map<Long, List<Box>> variantBoxes(PersonProposals p, long[] ids,
      Map<String, JsonCache> boxes, BoxFilter filter) {
    Map<Long, List<Box>> out = new LinkedHashMap<>();
    for (long id : ids) {
      List<List<Box>> perDetector = new ArrayList<>();
      for (String d : p.detectors()) {
        perDetector.add(boxes(boxes.get(d).get(String.valueOf(id))));
      }
      out.put(id, FusedDetector.fuse(perDetector, p.fusion(), filter));
    }
    return out;
  }

  static String key(long id, Box b) {
    return String.format(Locale.ROOT, "%d:%.2f,%.2f,%.2f,%.2f", id, b.x(), b.y(), b.w(), b.h());
  }

  /** Keypoints of every box any variant uses, from the cache or the default pipeline. */
  private void runPoses(Map<PersonProposals, Map<Long, List<Box>>> perVariant, JsonCache poses)
      throws Exception {
    Map<Long, List<Box>> missing = new LinkedHashMap<>();
    int count = 0;
    for (Map<Long, List<Box>> v : perVariant.values()) {
      for (Map.Entry<Long, List<Box>> e : v.entrySet()) {
        for (Box b : e.getValue()) {
          String k = key(e.getKey(), b);
          List<Box> mine = missing.computeIfAbsent(e.getKey(), x -> new ArrayList<>());
          if (!poses.has(k) && mine.stream().noneMatch(m -> key(e.getKey(), m).equals(k))) {
            mine.add(b);
            count++;
          }
        }
      }
    }
    LOG.info("{} boxes need keypoints ({} cached)", count, poses.size());
    if (count == 0) {
      return;
    }
    PosePipeline pipeline = PosePipelines.create(PipelineConfig.defaults(), false);
    List<PoseRequest> batch = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    int done = 0;
    int flushes = 0;
    long start = System.nanoTime();
    for (Map.Entry<Long, List<Box>> e : missing.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      DecodedImage image = load(e.getKey());
      for (Box b : e.getValue()) {
        batch.add(new PoseRequest(e.getKey(), image, List.of(b)));
        keys.add(key(e.getKey(), b));
      }
      if (batch.size() >= POSE_BATCH) {
        done += flush(pipeline, batch, keys, poses);
        if (++flushes % 10 == 0) {
          LOG.info("{} / {} boxes, {} s", done, count, (System.nanoTime() - start) / 1_000_000_000L);
          poses.save();
        }
      }
    }
    flush(pipeline, batch, keys, poses);
    poses.save();
  }

  private static int flush(PosePipeline pipeline, List<PoseRequest> batch, List<String> keys,
      JsonCache poses) {
    if (batch.isEmpty()) {
      return 0;
    }
    List<ImagePoses> out = pipeline.annotate(batch);
    for (int i = 0; i < out.size(); i++) {
      ImagePoses r = out.get(i);
      if (!r.ok() || r.persons().size() != 1) {
        throw new IllegalStateException("image " + r.imageId() + ": " + r.error());
      }
      poses.put(keys.get(i), r.persons().get(0).keypoints());
    }
    int n = batch.size();
    batch.clear();
    keys.clear();
    return n;
  }

  /** A variant's poses per image: its boxes' cached keypoints, scored and suppressed as the pipeline does. */
  private static Map<Long, List<PersonPose>> rescore(Map<Long, List<Box>> boxes, JsonCache poses,
      JsonCache sizes, ProposalsEvaluation.Scoring scoring) {
    Map<Long, List<PersonPose>> out = new HashMap<>();
    for (Map.Entry<Long, List<Box>> e : boxes.entrySet()) {
      float[] size = sizes.get(String.valueOf(e.getKey()));
      List<float[]> kps = new ArrayList<>();
      for (Box b : e.getValue()) {
        kps.add(poses.get(key(e.getKey(), b)));
      }
      out.put(e.getKey(), scoring.finish(e.getValue(), kps, (int) size[0], (int) size[1]));
    }
    return out;
  }

  private Map<Long, List<PersonPose>> bottomUp(long[] ids, PipelineConfig config) throws Exception {
    PosePipeline pipeline = PosePipelines.bottomUp(config, null);
    Map<Long, List<PersonPose>> out = new HashMap<>();
    for (long id : ids) {
      if (id % 2 == 0) {
        continue; // reported on odd ids only
      }
      ImagePoses r = pipeline.annotate(List.of(new PoseRequest(id, load(id), null))).get(0);
      if (!r.ok()) {
        throw new IllegalStateException("bottom-up on image " + id + ": " + r.error());
      }
      out.put(id, r.persons());
    }
    return out;
  }

  /**
   * Seconds for the first {@code timingImages} odd-id images through the default top-down pipeline
   * (CenterNet, ensemble) and through bottom-up, alternating per batch of 8 so that machine load
   * falls on both alike: {top-down s, bottom-up s}.
   */
  private double[] timing(long[] ids, PipelineConfig config) throws Exception {
    PosePipeline topDown = PosePipelines.create(config, true);
    PosePipeline bottomUp = PosePipelines.bottomUp(config, null);
    List<PoseRequest> all = new ArrayList<>();
    for (long id : ids) {
      if (id % 2 == 1 && all.size() < timingImages) {
        all.add(new PoseRequest(id, load(id), null));
      }
    }
    timingImages = all.size();
    topDown.annotate(all.subList(0, Math.min(2, all.size()))); // warm-up: sessions, first runs
    bottomUp.annotate(all.subList(0, Math.min(2, all.size())));
    double[] seconds = new double[2];
    for (int from = 0; from < all.size(); from += 8) {
      List<PoseRequest> batch = all.subList(from, Math.min(all.size(), from + 8));
      long t = System.nanoTime();
      topDown.annotate(batch);
      seconds[0] += (System.nanoTime() - t) / 1e9;
      t = System.nanoTime();
      bottomUp.annotate(batch);
      seconds[1] += (System.nanoTime() - t) / 1e9;
    }
    return seconds;
  }
}
