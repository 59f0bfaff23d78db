package posespark.models.scoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import posespark.eval.coco.GtAnnotation;
import posespark.eval.coco.IouType;

/**
 * {@code submit/lib/fit-pose-scoring.sh}, step 2: fits one {@link PoseScoringModel} per feature set
 * on the fitting half of the dumped candidates (even COCO image ids), gives each the confidence
 * threshold that minimises the per-image person count error of the detector path on that half,
 * chooses one (highest fitting-half AP among those not lowering AP on either box source and not
 * counting worse than Platt scaling), writes it if the held-back half confirms the gain over Platt
 * scaling (else Platt scaling), and reports
 * AP, count error, calibration and recall by person size on the held-back half (odd image ids),
 * old scoring against new.
 */
@Command(name = "fit-pose-scoring", mixinStandardHelpOptions = true,
    description = "Fit the pose scoring model and its threshold from candidate dumps.")
public final class ScoringFitMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringFitMain.class);
  private static final int BINS = 10;
  private static final String DETECTOR = "detector";
  static final String SUMMARY_BEGIN = "<!-- pose-scoring:begin -->";
  static final String SUMMARY_END = "<!-- pose-scoring:end -->";

  @Option(names = "--gt", required = true, description = "COCO person_keypoints.json of the dumped images")
  Path gtFile;

  @Option(names = "--candidates", required = true, split = ",", description = "candidate dumps (gt, detector)")
  List<Path> candidates;

  @Option(names = "--out", required = true, description = "scoring model file to write")
  Path out;

  @Option(names = "--markdown", description = "write the report table here")
  Path markdown;

  @Option(names = "--plot", description = "write the reliability diagram PNG here")
  Path plot;

  @Option(names = "--summary-in", description = "markdown file whose block between "
      + SUMMARY_BEGIN + " and " + SUMMARY_END + " is replaced by a one-row-per-variant summary")
  Path summaryIn;

  @Option(names = "--first", defaultValue = "0",
      description = "use only the first N images of the ground truth (a dump still running; 0: all)")
  int first;

  @Option(names = "--count-min-height", defaultValue = "48",
      description = "persons shorter than this (box height, px) are not counted (default: ${DEFAULT-VALUE})")
  double countMinHeight;

  @Option(names = "--ridge", defaultValue = "1.0", description = "L2 penalty (default: ${DEFAULT-VALUE})")
  double ridge;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScoringFitMain()).execute(args));
  }

  /** The documented split: even COCO image ids fit, odd ones are held back. */
  public static boolean fittingHalf(long imageId) {
    return imageId % 2 == 0;
  }

  /** A candidate scoring: a name, its per-image scores, its count threshold (fitting half). */
  private record Variant(String name, String label, ScoringEvaluation.Scores scores, double threshold,
      PoseScoringModel model) {}

  /** The feature sets compared; the first is Platt scaling of the legacy score (ranking kept). */
  static final Map<String, List<String>> FEATURE_SETS = new LinkedHashMap<>();

  static {
    FEATURE_SETS.put("platt", List.of("log_legacy_score"));
    FEATURE_SETS.put("platt+overlap", List.of("log_legacy_score", "overlap_with_better"));
    FEATURE_SETS.put("platt+overlap+size", List.of("log_legacy_score", "overlap_with_better",
        "log_box_height", "log_box_area_fraction"));
    FEATURE_SETS.put("platt+overlap+keypoints", List.of("log_legacy_score", "overlap_with_better",
        "keypoints_above_0.3", "keypoint_max", "keypoint_extent", "log_box_aspect"));
    List<String> plain = PoseFeatures.NAMES.stream()
        .filter(n -> !n.equals("log_legacy_score") && !PoseFeatures.HEATMAP.contains(n)).toList();
    FEATURE_SETS.put("features", plain);
    // The same sets with the decoder's heatmap statistics added.
    FEATURE_SETS.put("platt+heatmap", concat(List.of("log_legacy_score"), PoseFeatures.HEATMAP));
    FEATURE_SETS.put("platt+overlap+heatmap", concat(List.of("log_legacy_score", "overlap_with_better"),
        PoseFeatures.HEATMAP));
    FEATURE_SETS.put("platt+overlap+keypoints+heatmap", concat(List.of("log_legacy_score",
        "overlap_with_better", "keypoints_above_0.3", "keypoint_max", "keypoint_extent", "log_box_aspect"),
        PoseFeatures.HEATMAP));
    FEATURE_SETS.put("features+heatmap", concat(plain, PoseFeatures.HEATMAP));
  }

  /** Fitting-half AP may not fall below the legacy score's (Platt scaling keeps it exactly). */
  static final double AP_TOLERANCE = 0.0;

  /** Count error a variant may add to Platt scaling's (fitting half) and still be chosen. */
  static final double MAE_TOLERANCE = 0.0;

  /** AP differences below this (0.05 AP points) are ties. */
  static final double AP_TIE = 0.0005;

  @Override
  public Integer call() throws Exception {
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    List<CandidateTable.Candidate> all = new ArrayList<>();
    for (Path p : candidates) {
      all.addAll(CandidateTable.read(p));
    }
    List<ScoredImage> images = new ScoringTargets(countMinHeight).build(all, gt);
    List<ScoredImage> everyone = new ScoringTargets().build(all, gt);
    if (first > 0) {
      java.util.Set<Long> dumped = new java.util.HashSet<>();
      long[] ids = gt.imageIds();
      for (int i = 0; i < Math.min(first, ids.length); i++) {
        dumped.add(ids[i]);
      }
      images = images.stream().filter(im -> dumped.contains(im.imageId())).toList();
      everyone = everyone.stream().filter(im -> dumped.contains(im.imageId())).toList();
    }
    List<ScoredImage> heldEveryone = only(everyone.stream().filter(im -> !fittingHalf(im.imageId())).toList(), DETECTOR);
    List<ScoredImage> fit = new ArrayList<>();
    List<ScoredImage> held = new ArrayList<>();
    for (ScoredImage im : images) {
      (fittingHalf(im.imageId()) ? fit : held).add(im);
    }
    List<ScoredImage> fitDet = only(fit, DETECTOR);
    ScoringEvaluation.Scores legacy = ScoredImage::legacy;
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("legacy", "legacy box × keypoint score",
        legacy, new ScoringEvaluation(fitDet, legacy).bestThreshold(), null));
    int fittingCandidates = 0;
    for (Map.Entry<String, List<String>> set : FEATURE_SETS.entrySet()) {
      List<double[]> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (ScoredImage im : fit) {
        for (int i = 0; i < im.target().length; i++) {
          if (im.known()[i]) {
            xs.add(PoseScoringModel.select(set.getValue(), im.features()[i]));
            ys.add(im.target()[i]);
          }
        }
      }
      if (xs.stream().anyMatch(x -> java.util.Arrays.stream(x).anyMatch(Double::isNaN))) {
        LOG.warn("{}: skipped, the candidate dumps lack heatmap statistics (dump them again)", set.getKey());
        continue;
      }
      fittingCandidates = ys.size();
      LogisticFitter.Fit f = new LogisticFitter(ridge, 50).fit(xs.toArray(new double[0][]),
          ys.stream().mapToDouble(Double::doubleValue).toArray(), null);
      LOG.info("{}: fitted on {} candidates in {} Newton steps", set.getKey(), ys.size(), f.iterations());
      PoseScoringModel model = new PoseScoringModel(set.getValue(), f.mean(), f.scale(), f.weights(),
          f.bias(), Double.NaN, Map.of());
      ScoringEvaluation.Scores scores = im -> {
        double[] out = new double[im.features().length];
        for (int i = 0; i < out.length; i++) {
          out[i] = model.score(im.features()[i]);
        }
        return out;
      };
      double threshold = new ScoringEvaluation(fitDet, scores).bestThreshold();
      variants.add(new Variant(set.getKey(), set.getKey().equals("platt")
          ? "Platt-scaled legacy score" : set.getKey().startsWith("platt+")
          ? "log legacy score + " + String.join(", ", set.getValue().subList(1, set.getValue().size()))
          : "logistic model on " + set.getValue().size() + " features",
          scores, threshold, model.withMinPoseScore(threshold)));
    }
    // Chosen on the fitting half only. One model serves ranking (AP) and counting, so: the highest
    // mean AP over both box sources among the fitted variants whose AP on neither source falls
    // below the legacy score's and whose count error is no worse than Platt scaling's (which keeps
    // the legacy ranking, so it always qualifies); ties go to the lower count error.
    double[] legacyAp = {new ScoringEvaluation(fitDet, legacy).cocoStats(gt)[0],
        new ScoringEvaluation(only(fit, "gt"), legacy).cocoStats(gt)[0]};
    Variant platt = variants.get(1);
    double plattMae = new ScoringEvaluation(fitDet, platt.scores()).countMae(platt.threshold());
    Variant chosen = null;
    double chosenAp = Double.NEGATIVE_INFINITY;
    double chosenMae = Double.POSITIVE_INFINITY;
    for (Variant v : variants.subList(1, variants.size())) {
      double apDet = new ScoringEvaluation(fitDet, v.scores()).cocoStats(gt)[0];
      double apGt = new ScoringEvaluation(only(fit, "gt"), v.scores()).cocoStats(gt)[0];
      double mae = new ScoringEvaluation(fitDet, v.scores()).countMae(v.threshold());
      double ap = (apDet + apGt) / 2;
      LOG.info("{} on the fitting half: AP {} / {} (legacy {} / {}), count MAE {} (Platt {})", v.name(),
          apDet, apGt, legacyAp[0], legacyAp[1], mae, plattMae);
      boolean qualifies = apDet >= legacyAp[0] - AP_TOLERANCE && apGt >= legacyAp[1] - AP_TOLERANCE
          && mae <= plattMae + MAE_TOLERANCE;
      if (qualifies && (ap > chosenAp + AP_TIE || (ap >= chosenAp - AP_TIE && mae < chosenMae))) {
        chosen = v;
        chosenAp = ap;
        chosenMae = mae;
      }
    }
    if (chosen == null) {
      chosen = platt;
    }
    // Leaving Platt scaling (today's ranking) changes what every user sees, so the fitting-half
    // choice stands only where the held-back half confirms it: mean AP over both box sources up,
    // neither source down, count error no worse. Otherwise Platt scaling is written.
    Variant fittingChoice = chosen;
    String check = "none needed (Platt scaling keeps the legacy ranking)";
    if (chosen != platt) {
      double[] c = heldBack(gt, held, chosen);
      double[] pl = heldBack(gt, held, platt);
      boolean confirmed = c[0] + c[1] > pl[0] + pl[1] && c[0] >= pl[0] && c[1] >= pl[1] && c[2] <= pl[2];
      check = String.format(Locale.ROOT, "%s: %s AP %.1f / %.1f and count MAE %.3f against Platt's %.1f / %.1f"
          + " and %.3f (detector / ground-truth boxes)", confirmed ? "confirmed" : "not confirmed, Platt kept",
          chosen.name(), 100 * c[0], 100 * c[1], c[2], 100 * pl[0], 100 * pl[1], pl[2]);
      LOG.info("held-back check of {}: {}", chosen.name(), check);
      if (!confirmed) {
        chosen = platt;
      }
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("data", gtFile.getParent().getFileName().toString());
    provenance.put("split", "fitted on even COCO image ids, threshold chosen there; odd ids held back");
    provenance.put("fitting_candidates", String.valueOf(fittingCandidates));
    provenance.put("ridge", String.valueOf(ridge));
    provenance.put("variant", chosen.name());
    provenance.put("fitting_half_choice", fittingChoice.name());
    provenance.put("held_back_check", check);
    provenance.put("threshold_rule", "minimum per-image person count MAE, detector boxes, fitting half,"
        + " persons at least " + countMinHeight + " px tall counted");
    provenance.put("made_by", "submit/lib/fit-pose-scoring.sh");
    chosen.model().withProvenance(provenance).write(out);
    LOG.info("wrote {} ({}, threshold {})", out, chosen.name(), chosen.threshold());

    String md = report(gt, fit, held, heldEveryone, variants, chosen, countMinHeight)
        + String.format(Locale.ROOT, "%nChoice on the fitting half: %s. Held-back check: %s.%n",
            fittingChoice.name(), check);
    System.out.print(md);
    if (markdown != null) {
      Files.writeString(markdown, md);
    }
    if (summaryIn != null) {
      replaceBlock(summaryIn, summary(gt, held, heldEveryone, variants, chosen));
    }
    if (plot != null) {
      ScoringEvaluation.Scores cal = chosen.scores();
      ReliabilityPlot.write(plot, "Held-back half of " + provenance.get("data") + ", both box sources",
          new String[] {String.format(Locale.ROOT, "legacy box x keypoint score (ECE %.3f)",
              new ScoringEvaluation(held, legacy).ece(BINS)),
              String.format(Locale.ROOT, "pose_score, %s (ECE %.3f)", chosen.name(),
                  new ScoringEvaluation(held, cal).ece(BINS))},
          new double[][][] {new ScoringEvaluation(held, legacy).reliability(BINS),
              new ScoringEvaluation(held, cal).reliability(BINS)});
    }
    return 0;
  }

  /** Held-back half, one row per scoring: AP on both box sources, counts, calibration. */
  private static String summary(CocoGroundTruth gt, List<ScoredImage> held, List<ScoredImage> heldEveryone,
      List<Variant> variants, Variant chosen) {
    List<ScoredImage> heldDet = only(held, DETECTOR);
    List<ScoredImage> heldGt = only(held, "gt");
    StringBuilder md = new StringBuilder();
    md.append("| scoring (held-back half, odd ids) | AP detector boxes | AP ground-truth boxes | "
        + "count MAE ≥ 48 px | count MAE all persons | ECE | threshold |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Variant v : variants) {
      md.append(String.format(Locale.ROOT, "| %s%s | %.1f | %.1f | %.3f | %.3f | %.3f | %.3f |%n",
          v.name(), v == chosen ? " **(default)**" : "",
          100 * new ScoringEvaluation(heldDet, v.scores()).cocoStats(gt)[0],
          100 * new ScoringEvaluation(heldGt, v.scores()).cocoStats(gt)[0],
          new ScoringEvaluation(heldDet, v.scores()).countMae(v.threshold()),
          new ScoringEvaluation(heldEveryone, v.scores()).countMae(v.threshold()),
          new ScoringEvaluation(held, v.scores()).ece(BINS), v.threshold()));
    }
    return md.toString();
  }

  /** Replaces the text between the summary markers of a file (the markers stay). */
  static void replaceBlock(Path file, String block) throws java.io.IOException {
    String text = Files.readString(file);
    int from = text.indexOf(SUMMARY_BEGIN);
    int to = text.indexOf(SUMMARY_END);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(file + ": no " + SUMMARY_BEGIN + " ... " + SUMMARY_END + " block");
    }
    Files.writeString(file, text.substring(0, from + SUMMARY_BEGIN.length()) + "\n" + block
        + text.substring(to));
  }

  /** Held-back AP with detector boxes, with ground-truth boxes, and detector-box count MAE. */
  private static double[] heldBack(CocoGroundTruth gt, List<ScoredImage> held, Variant v) {
    return new double[] {new ScoringEvaluation(only(held, DETECTOR), v.scores()).cocoStats(gt)[0],
        new ScoringEvaluation(only(held, "gt"), v.scores()).cocoStats(gt)[0],
        new ScoringEvaluation(only(held, DETECTOR), v.scores()).countMae(v.threshold())};
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  private static List<ScoredImage> only(List<ScoredImage> images, String source) {
    return images.stream().filter(im -> im.source().equals(source)).toList();
  }

  private static String report(CocoGroundTruth gt, List<ScoredImage> fit, List<ScoredImage> held,
      List<ScoredImage> heldEveryone, List<Variant> variants, Variant chosen, double minHeight) {
    StringBuilder md = new StringBuilder();
    List<ScoredImage> heldDet = only(held, DETECTOR);
    List<ScoredImage> heldGt = only(held, "gt");
    List<ScoredImage> fitDet = only(fit, DETECTOR);
    int truth = heldDet.stream().mapToInt(ScoredImage::persons).sum();
    md.append(String.format(Locale.ROOT, "%nFitting half (even image ids): %d images; held-back half "
        + "(odd ids): %d images, %d persons at least %.0f px tall (%d non-crowd persons in all). "
        + "Chosen: **%s**.%n%n",
        fitDet.size(), heldDet.size(), truth, minHeight,
        heldEveryone.stream().mapToInt(ScoredImage::persons).sum(), chosen.name()));
    md.append("| held-back half | legacy, all counted (today) |");
    for (Variant v : variants) {
      md.append(' ').append(v.label()).append(v == chosen ? " **(chosen)**" : "").append(" |");
    }
    md.append("\n|---|---:|");
    variants.forEach(v -> md.append("---:|"));
    md.append('\n');
    ScoringEvaluation today = new ScoringEvaluation(heldDet, variants.get(0).scores());
    List<ScoringEvaluation> det = variants.stream().map(v -> new ScoringEvaluation(heldDet, v.scores())).toList();
    List<ScoringEvaluation> gtb = variants.stream().map(v -> new ScoringEvaluation(heldGt, v.scores())).toList();
    List<ScoringEvaluation> both = variants.stream().map(v -> new ScoringEvaluation(held, v.scores())).toList();
    row(md, "count threshold (chosen on the fitting half)", "–", variants, v -> String.format(Locale.ROOT, "%.3f", v.threshold()));
    row(md, String.format(Locale.ROOT, "per-image count MAE, persons ≥ %.0f px, detector boxes", minHeight),
        f3(today.countMae(Double.NEGATIVE_INFINITY)), variants,
        v -> f3(det.get(variants.indexOf(v)).countMae(v.threshold())));
    row(md, "per-image count MAE, all annotated persons", f3(new ScoringEvaluation(heldEveryone,
        variants.get(0).scores()).countMae(Double.NEGATIVE_INFINITY)), variants,
        v -> f3(new ScoringEvaluation(heldEveryone, v.scores()).countMae(v.threshold())));
    row(md, "mean count error (counted − true)", String.format(Locale.ROOT, "%+.3f", today.countBias(Double.NEGATIVE_INFINITY)),
        variants, v -> String.format(Locale.ROOT, "%+.3f", det.get(variants.indexOf(v)).countBias(v.threshold())));
    row(md, "persons counted (true: " + truth + ")", String.valueOf(today.total(Double.NEGATIVE_INFINITY)), variants,
        v -> String.valueOf(det.get(variants.indexOf(v)).total(v.threshold())));
    row(md, "count MAE on the fitting half", f3(new ScoringEvaluation(fitDet, variants.get(0).scores())
        .countMae(Double.NEGATIVE_INFINITY)), variants,
        v -> f3(new ScoringEvaluation(fitDet, v.scores()).countMae(v.threshold())));
    row(md, "AP on the fitting half, detector / ground-truth boxes (the choice's guard)", "same as legacy",
        variants, v -> String.format(Locale.ROOT, "%.1f / %.1f",
            100 * new ScoringEvaluation(fitDet, v.scores()).cocoStats(gt)[0],
            100 * new ScoringEvaluation(only(fit, "gt"), v.scores()).cocoStats(gt)[0]));
    double[] todayDet = today.cocoStats(gt);
    double[] todayGt = new ScoringEvaluation(heldGt, variants.get(0).scores()).cocoStats(gt);
    row(md, "AP, detector boxes, every candidate (AP50 / AP75)", ap(todayDet), variants,
        v -> ap(det.get(variants.indexOf(v)).cocoStats(gt)));
    row(md, "AP, ground-truth boxes (AP50 / AP75)", ap(todayGt), variants,
        v -> ap(gtb.get(variants.indexOf(v)).cocoStats(gt)));
    row(md, "ECE, both box sources (" + BINS + " bins)", f3(both.get(0).ece(BINS)), variants,
        v -> f3(both.get(variants.indexOf(v)).ece(BINS)));
    row(md, "ECE, detector / ground-truth boxes", f3(det.get(0).ece(BINS)) + " / " + f3(gtb.get(0).ece(BINS)),
        variants, v -> f3(det.get(variants.indexOf(v)).ece(BINS)) + " / " + f3(gtb.get(variants.indexOf(v)).ece(BINS)));

    ScoringEvaluation cd = det.get(variants.indexOf(chosen));
    double threshold = chosen.threshold();
    md.append("\nRecall of ground-truth persons (non-crowd, detector boxes, held-back half; a person is "
        + "found by a pose whose box has IoU ≥ 0.5 with its box):\n\n");
    md.append("| person box height (px) | persons | any candidate | confident (chosen scoring ≥ threshold) |\n|---|---:|---:|---:|\n");
    double[] edges = {0, 16, 32, 48, 64, 96, 128, 256, Double.POSITIVE_INFINITY};
    java.util.function.ToIntFunction<GtAnnotation> byHeight = a -> {
      for (int i = 0; i + 1 < edges.length; i++) {
        if (a.bbox()[3] < edges[i + 1]) {
          return i;
        }
      }
      return edges.length - 2;
    };
    int[][] anyH = today.recall(gt, Double.NEGATIVE_INFINITY, edges.length - 1, byHeight);
    int[][] confH = cd.recall(gt, threshold, edges.length - 1, byHeight);
    for (int i = 0; i + 1 < edges.length; i++) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n",
          Double.isInfinite(edges[i + 1]) ? "≥ " + (int) edges[i] : (int) edges[i] + "–" + (int) edges[i + 1],
          anyH[i][1], pct(anyH[i]), pct(confH[i])));
    }
    String[] areas = {"small (area < 32²)", "medium (32²–96²)", "large (≥ 96²)"};
    java.util.function.ToIntFunction<GtAnnotation> byArea = a -> a.area() < 32 * 32 ? 0 : a.area() < 96 * 96 ? 1 : 2;
    int[][] anyA = today.recall(gt, Double.NEGATIVE_INFINITY, 3, byArea);
    int[][] confA = cd.recall(gt, threshold, 3, byArea);
    md.append("\n| COCO area class | persons | any candidate | confident |\n|---|---:|---:|---:|\n");
    for (int i = 0; i < 3; i++) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", areas[i], anyA[i][1], pct(anyA[i]), pct(confA[i])));
    }
    PoseScoringModel model = chosen.model();
    md.append("\nCoefficients of the chosen model (standardised features; the fit writes them to "
        + "conf/scoring/pose-scoring.json, copied here for reading):\n\n");
    md.append("| feature | mean | scale | weight |\n|---|---:|---:|---:|\n");
    for (int i = 0; i < model.features().size(); i++) {
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %+.4f |%n", model.features().get(i),
          model.mean()[i], model.scale()[i], model.weights()[i]));
    }
    md.append(String.format(Locale.ROOT, "| (intercept) | | | %+.4f |%n", model.bias()));
    for (Variant v : variants) {
      if (v.model() != null && v != chosen) {
        md.append(String.format(Locale.ROOT, "%nNot chosen, %s: weights %s, intercept %+.4f.%n", v.name(),
            java.util.Arrays.toString(java.util.Arrays.stream(v.model().weights())
                .mapToObj(w -> String.format(Locale.ROOT, "%+.3f", w)).toArray()), v.model().bias()));
      }
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String label, String today, List<Variant> variants,
      java.util.function.Function<Variant, String> cell) {
    md.append("| ").append(label).append(" | ").append(today).append(" |");
    for (Variant v : variants) {
      md.append(' ').append(cell.apply(v)).append(" |");
    }
    md.append('\n');
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String ap(double[] s) {
    return String.format(Locale.ROOT, "%.1f (%.1f / %.1f)", 100 * s[0], 100 * s[1], 100 * s[2]);
  }

  private static String pct(int[] foundTotal) {
    return foundTotal[1] == 0 ? "–" : String.format(Locale.ROOT, "%.0f %%", 100.0 * foundTotal[0] / foundTotal[1]);
  }
}
