package posespark.models.report;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
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
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.Detection;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.ImageEval;
import posespark.eval.coco.ImageEvaluator;
import posespark.eval.coco.IouType;
import posespark.models.detect.PersonDetector;
import posespark.models.detect.ZooDetectors;
import posespark.models.ensemble.CropJob;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.MemberOutput;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.TargetPersonPrior;
import posespark.models.image.DecodeOptions;
import posespark.models.image.DecodedImage;
import posespark.models.image.ImageDecoder;
import posespark.models.keypoints.OksNms;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PoseScorer;
import posespark.models.pose.PosePipelines;
import posespark.models.refine.JointFusion;
import posespark.models.refine.PoseGuidedCrop;
import posespark.models.refine.PosePrior;
import posespark.models.refine.PoseResultsFile;
import posespark.models.refine.RefineSettings;
import posespark.models.refine.RefinementFusion;

/**
 * {@code submit/lib/accuracy-refine.sh}: keypoint AP of the refinement stage's variants on one half
 * of a COCO folder (even image ids choose, odd ids report), with ground-truth or detector boxes. The
 * default pipeline's first-pass candidate poses (before scoring and OKS-NMS, as the pipeline refines
 * them) are cached as a results JSON under {@code --cache} and reused; each re-crop scale runs the
 * ensemble once per candidate and every fusion variant decodes from those outputs. Prints one TSV
 * line per variant (AP, AP50, AP75, APm, APl, AR, refine ms per person) and appends a Markdown
 * table.
 */
@Command(name = "accuracy-refine", mixinStandardHelpOptions = true,
    description = "Measure keypoint AP of refinement variants on one half of a COCO folder.")
public final class RefineReportMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RefineReportMain.class);
  private static final int CHUNK = 8;

  @Option(names = "--data", required = true, description = "folder with person_keypoints.json and images/")
  Path data;

  @Option(names = "--boxes", defaultValue = "gt", description = "gt or detector (default: ${DEFAULT-VALUE})")
  String boxes;

  @Option(names = "--half", defaultValue = "even", description = "even (choose) or odd (report) image ids")
  String half;

  @Option(names = "--variants", defaultValue = "default",
      description = "grid (every crop scale and fusion), union (input box grown by the keypoints), gated (one crop, the cheap fusions), default (the shipped setting), check (the first-pass crop, must equal the first pass) or none (first pass only, to fill the cache) (default: ${DEFAULT-VALUE})")
  String variants;

  @Option(names = "--cache", defaultValue = "target/refine-cache", description = "first-pass cache folder")
  Path cache;

  @Option(names = "--limit", defaultValue = "0", description = "first N images of the half only (0: all)")
  int limit;

  @Option(names = "--markdown", description = "append the table to this Markdown file")
  Path markdown;

  /** One refinement variant: a re-crop and a fusion. */
  record Variant(String label, PoseGuidedCrop crop, JointFusion fusion, double sigma) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new RefineReportMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    CommandLine cli = new CommandLine(this);
    Path gtFile = data.resolve("person_keypoints.json");
    if (!Files.isRegularFile(gtFile)) {
      throw new CommandLine.ParameterException(cli, gtFile + ": missing");
    }
    if (!boxes.equals("gt") && !boxes.equals("detector")) {
      throw new CommandLine.ParameterException(cli, "--boxes must be gt or detector, not '" + boxes + "'");
    }
    if (!half.equals("even") && !half.equals("odd")) {
      throw new CommandLine.ParameterException(cli, "--half must be even or odd, not '" + half + "'");
    }
    List<Variant> list = switch (variants) {
      case "grid" -> grid();
      case "check" -> check();
      case "gated" -> gated();
      case "union" -> union();
      case "none" -> List.of();
      case "default" -> List.of(fromSettings(RefineSettings.defaults()));
      default -> throw new CommandLine.ParameterException(cli, "--variants must be grid, union, gated, default, check or none");
    };
    PipelineConfig config = PipelineConfig.defaults();
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    Map<Long, String> files = CocoImageFiles.read(gtFile);
    long[] ids = Arrays.stream(gt.imageIds()).filter(id -> (id % 2 == 0) == half.equals("even")).toArray();
    if (limit > 0 && limit < ids.length) {
      ids = Arrays.copyOf(ids, limit);
    }
    List<MemberRunner> members = new ArrayList<>();
    double[] weights = new double[config.ensemble().size()];
    int m = 0;
    for (Map.Entry<String, Double> e : config.ensemble().entrySet()) {
      members.add(ZooMembers.runner(e.getKey(), PosePipelines.COMMON_GRID, config.maxBatch()));
      weights[m++] = e.getValue();
    }
    double aspect = members.get(0).spec().aspect();
    EnsembleDecoder decoder = new EnsembleDecoder(PosePipelines.COMMON_GRID, weights, config.flip(),
        config.prior() ? new TargetPersonPrior() : null, null, config.localisation());
    long start = System.nanoTime();
    Map<Long, int[]> sizes = new HashMap<>();
    Map<Long, List<PersonPose>> first;
    Map<Long, List<float[]>>[] refined;
    double[] refineMs = new double[list.size()];
    int persons = 0;
    try (ImageDecoder images = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      AccuracyReport.ImageLoader loader = AccuracyReport.decoding(images, data.resolve("images"), files);
      Files.createDirectories(cache);
      Path cached = cache.resolve(String.format(Locale.ROOT, "first-%s-%s-%d.json", boxes, half, ids.length));
      if (Files.isRegularFile(cached)) {
        try (InputStream in = new FileInputStream(cached.toFile())) {
          first = PoseResultsFile.read(in, cached.toString()).poses();
        }
        LOG.info("first pass from {}", cached);
      } else {
        PersonDetector detector = boxes.equals("detector") ? ZooDetectors.create(config.detector(), config.boxFilter()) : null;
        first = firstPass(gt, ids, loader, detector, members, decoder, aspect, sizes);
        PoseResultsFile.write(cached, first);
        LOG.info("first pass cached in {} ({} s)", cached, (System.nanoTime() - start) / 1_000_000_000L);
      }
      refined = refine(ids, loader, first, list, members, decoder, aspect, sizes, refineMs);
      persons = first.values().stream().mapToInt(List::size).sum();
    }
    PoseScorer scorer = PosePipelines.scorer(config);
    OksNms nms = new OksNms(config.oksNmsThreshold());
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%n### %s boxes, %s image ids (%d images, %d candidate poses), %.1f min%n%n",
        boxes.equals("gt") ? "Ground-truth" : "Detector (" + config.detector() + ")", half, ids.length,
        persons, (System.nanoTime() - start) / 6e10));
    md.append("| variant | AP | AP50 | AP75 | APm | APl | AR | refine ms/person |\n|---|---|---|---|---|---|---|---|\n");
    Map<Long, List<float[]>> baseline = new LinkedHashMap<>();
    first.forEach((id, poses) -> baseline.put(id, poses.stream().map(PersonPose::keypoints).toList()));
    row(md, "no refinement (first pass)", evaluate(gt, ids, first, baseline, sizes, scorer, nms), Double.NaN);
    for (int v = 0; v < list.size(); v++) {
      row(md, list.get(v).label(), evaluate(gt, ids, first, refined[v], sizes, scorer, nms),
          persons == 0 ? 0 : refineMs[v] / persons);
    }
    if (markdown != null) {
      Files.writeString(markdown, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return 0;
  }

  /** The grid explored on the choosing half. */
  static List<Variant> grid() {
    List<Variant> out = new ArrayList<>();
    for (double scale : new double[] {1.75, 2.0}) {
      PoseGuidedCrop crop = new PoseGuidedCrop(0.3, 4, scale, 1.25);
      String c = String.format(Locale.ROOT, "re-crop ×%s", scale);
      out.add(new Variant(c + " · move", crop, JointFusion.MOVE, 4));
      out.add(new Variant(c + " · average", crop, JointFusion.AVERAGE, 4));
      for (double sigma : new double[] {2, 4}) {
        out.add(new Variant(String.format(Locale.ROOT, "%s · prior σ%.0f", c, sigma), crop, JointFusion.PRIOR, sigma));
      }
    }
    return out;
  }

  /** The second grid: the best crop of the first grid with the cheap fusions side by side. */
  static List<Variant> gated() {
    PoseGuidedCrop crop = new PoseGuidedCrop(0.3, 4, 1.75, 1.25);
    List<Variant> out = new ArrayList<>();
    for (JointFusion f : List.of(JointFusion.AVERAGE, JointFusion.KEEP_SURE, JointFusion.MOVE)) {
      out.add(new Variant("re-crop ×1.75 · " + f.name().toLowerCase(Locale.ROOT).replace('_', '-'), crop, f, 4));
    }
    return out;
  }

  /** The third grid: the input box grown by the keypoint box (never shrunk), × 1.25. */
  static List<Variant> union() {
    PoseGuidedCrop crop = new PoseGuidedCrop(0.3, 4, 1.25, 1.25, true);
    List<Variant> out = new ArrayList<>();
    for (JointFusion f : List.of(JointFusion.AVERAGE, JointFusion.MOVE, JointFusion.PRIOR)) {
      out.add(new Variant("input box ∪ keypoint box ×1.25 · " + f.name().toLowerCase(Locale.ROOT), crop, f, 4));
    }
    return out;
  }

  /** The first pass's own crop: "move" must reproduce the first pass exactly (a check of the path). */
  static List<Variant> check() {
    PoseGuidedCrop same = new PoseGuidedCrop(0.3, 99, 1.25, 1.25);
    return List.of(new Variant("input box ×1.25 (first-pass crop) · move", same, JointFusion.MOVE, 4));
  }

  static Variant fromSettings(RefineSettings s) {
    return new Variant(String.format(Locale.ROOT, "default: re-crop ×%.2g · %s σ%.0f", s.crop().scale(),
        s.fusion().name().toLowerCase(Locale.ROOT), s.priorSigma()), s.crop(), s.fusion(), s.priorSigma());
  }

  private static Map<Long, List<PersonPose>> firstPass(CocoGroundTruth gt, long[] ids,
      AccuracyReport.ImageLoader loader, PersonDetector detector, List<MemberRunner> members,
      EnsembleDecoder decoder, double aspect, Map<Long, int[]> sizes) throws java.io.IOException {
    Map<Long, List<PersonPose>> out = new LinkedHashMap<>();
    PipelineConfig config = PipelineConfig.defaults();
    for (int from = 0; from < ids.length; from += CHUNK) {
      long[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + CHUNK));
      List<DecodedImage> images = load(loader, chunk, sizes);
      List<List<Box>> boxes = new ArrayList<>();
      if (detector == null) {
        for (long id : chunk) {
          boxes.add(AccuracyReport.groundTruthBoxes(gt.annotations(id)));
        }
      } else {
        boxes = detector.detect(images);
      }
      List<CropJob> jobs = new ArrayList<>();
      List<Long> owner = new ArrayList<>();
      List<Box> jobBoxes = new ArrayList<>();
      for (int i = 0; i < chunk.length; i++) {
        out.put(chunk[i], new ArrayList<>());
        for (Box b : boxes.get(i)) {
          jobs.add(new CropJob(images.get(i), CropWindow.around(b, aspect, config.cropScale())));
          owner.add(chunk[i]);
          jobBoxes.add(b);
        }
      }
      List<List<MemberOutput>> outputs = runAll(members, jobs, decoder.flip());
      for (int j = 0; j < jobs.size(); j++) {
        float[] kp = RefinementFusion.toImage(jobs.get(j).window(), decoder.decode(outputs.get(j)));
        out.get(owner.get(j)).add(new PersonPose(jobBoxes.get(j), 0, kp));
      }
      LOG.info("first pass: {} / {} images", from + chunk.length, ids.length);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<Long, List<float[]>>[] refine(long[] ids, AccuracyReport.ImageLoader loader,
      Map<Long, List<PersonPose>> first, List<Variant> variants, List<MemberRunner> members,
      EnsembleDecoder decoder, double aspect, Map<Long, int[]> sizes, double[] ms) throws java.io.IOException {
    Map<Long, List<float[]>>[] out = new Map[variants.size()];
    for (int v = 0; v < out.length; v++) {
      out[v] = new LinkedHashMap<>();
    }
    Map<PoseGuidedCrop, List<Integer>> byCrop = new LinkedHashMap<>();
    for (int v = 0; v < variants.size(); v++) {
      byCrop.computeIfAbsent(variants.get(v).crop(), c -> new ArrayList<>()).add(v);
    }
    Map<Double, RefinementFusion> fusions = new HashMap<>();
    for (int from = 0; from < ids.length; from += CHUNK) {
      long[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + CHUNK));
      List<DecodedImage> images = load(loader, chunk, sizes);
      for (Map.Entry<PoseGuidedCrop, List<Integer>> e : byCrop.entrySet()) {
        long start = System.nanoTime();
        List<CropJob> jobs = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        List<Long> owner = new ArrayList<>();
        for (int i = 0; i < chunk.length; i++) {
          for (PersonPose p : first.getOrDefault(chunk[i], List.of())) {
            jobs.add(new CropJob(images.get(i), e.getKey().window(p.keypoints(), p.box(), aspect)));
            inputs.add(p.keypoints());
            owner.add(chunk[i]);
          }
        }
        List<List<MemberOutput>> outputs = runAll(members, jobs, decoder.flip());
        double runMs = (System.nanoTime() - start) / 1e6;
        for (int v : e.getValue()) {
          long fuseStart = System.nanoTime();
          Variant variant = variants.get(v);
          RefinementFusion fusion = fusions.computeIfAbsent(variant.sigma(),
              s -> new RefinementFusion(decoder, new PosePrior(s)));
          for (int i = 0; i < chunk.length; i++) {
            out[v].put(chunk[i], new ArrayList<>());
          }
          for (int j = 0; j < jobs.size(); j++) {
            out[v].get(owner.get(j)).add(fusion.fuse(variant.fusion(), jobs.get(j).window(), inputs.get(j), outputs.get(j)));
          }
          ms[v] += runMs + (System.nanoTime() - fuseStart) / 1e6;
        }
      }
      LOG.info("refinement: {} / {} images", from + chunk.length, ids.length);
    }
    return out;
  }

  /** Per job, every member's output (member order). */
  private static List<List<MemberOutput>> runAll(List<MemberRunner> members, List<CropJob> jobs, boolean flip) {
    List<List<MemberOutput>> perMember = new ArrayList<>();
    for (MemberRunner m : members) {
      perMember.add(jobs.isEmpty() ? List.of() : m.run(jobs, flip));
    }
    List<List<MemberOutput>> out = new ArrayList<>(jobs.size());
    for (int j = 0; j < jobs.size(); j++) {
      List<MemberOutput> mine = new ArrayList<>();
      for (List<MemberOutput> pm : perMember) {
        mine.add(pm.get(j));
      }
      out.add(mine);
    }
    return out;
  }

  private static List<DecodedImage> load(AccuracyReport.ImageLoader loader, long[] chunk,
      Map<Long, int[]> sizes) throws java.io.IOException {
    List<DecodedImage> images = new ArrayList<>();
    for (long id : chunk) {
      DecodedImage img = loader.load(id);
      sizes.put(id, new int[] {img.width(), img.height()});
      images.add(img);
    }
    return images;
  }

  /** Scores, OKS-NMS's and evaluates one set of keypoints (the pipeline's order after refinement). */
  private static double[] evaluate(CocoGroundTruth gt, long[] ids, Map<Long, List<PersonPose>> first,
      Map<Long, List<float[]>> keypoints, Map<Long, int[]> sizes, PoseScorer scorer, OksNms nms) {
    EvalParams params = EvalParams.keypoints();
    ImageEvaluator evaluator = new ImageEvaluator(params);
    List<ImageEval> evals = new ArrayList<>();
    for (long id : ids) {
      List<PersonPose> poses = first.getOrDefault(id, List.of());
      List<float[]> kps = keypoints.getOrDefault(id, List.of());
      List<Detection> dets = new ArrayList<>();
      if (!poses.isEmpty()) {
        List<Box> bs = poses.stream().map(PersonPose::box).toList();
        int[] size = sizes.get(id);
        double[] scores = scorer.score(bs, kps, size[0], size[1]);
        double[] areas = bs.stream().mapToDouble(Box::area).toArray();
        for (int p : nms.keep(kps, scores, areas)) {
          dets.add(AccuracyReport.detection(id, dets.size(), scores[p], kps.get(p)));
        }
      }
      evals.addAll(CocoEvaluator.evaluateImage(evaluator, gt.catIds(), id, gt.annotations(id), dets));
    }
    CocoEvalResult r = CocoEvaluator.accumulate(params, gt.catIds(), evals);
    return r.stats();
  }

  private static void row(StringBuilder md, String label, double[] s, double ms) {
    System.out.printf(Locale.ROOT, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.1f%n", label, s[0], s[1], s[2],
        s[3], s[4], s[5], ms);
    md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n", label,
        100 * s[0], 100 * s[1], 100 * s[2], 100 * s[3], 100 * s[4], 100 * s[5],
        Double.isNaN(ms) ? "" : String.format(Locale.ROOT, "%.0f", ms)));
  }
}
