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
 * {@code submit/lib/fit-pose-scoring.sh}, step 2: fits the {@link PoseScoringModel} on the fitting
 * half of the dumped candidates (even COCO image ids), chooses the confidence threshold that
 * minimises the per-image person count error of the detector path on that half, writes the model
 * file, and reports AP, count error, calibration and recall by person size on the held-back half
 * (odd image ids), old scoring against new.
 */
@Command(name = "fit-pose-scoring", mixinStandardHelpOptions = true,
    description = "Fit the pose scoring model and its threshold from candidate dumps.")
public final class ScoringFitMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringFitMain.class);
  private static final int BINS = 10;
  private static final String DETECTOR = "detector";

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

  @Option(names = "--first", defaultValue = "0",
      description = "use only the first N images of the ground truth (a dump still running; 0: all)")
  int first;

  @Option(names = "--ridge", defaultValue = "1.0", description = "L2 penalty (default: ${DEFAULT-VALUE})")
  double ridge;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScoringFitMain()).execute(args));
  }

  /** The documented split: even COCO image ids fit, odd ones are held back. */
  public static boolean fittingHalf(long imageId) {
    return imageId % 2 == 0;
  }

  @Override
  public Integer call() throws Exception {
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    List<CandidateTable.Candidate> all = new ArrayList<>();
    for (Path p : candidates) {
      all.addAll(CandidateTable.read(p));
    }
    List<ScoredImage> images = new ScoringTargets().build(all, gt);
    if (first > 0) {
      java.util.Set<Long> dumped = new java.util.HashSet<>();
      long[] ids = gt.imageIds();
      for (int i = 0; i < Math.min(first, ids.length); i++) {
        dumped.add(ids[i]);
      }
      images = images.stream().filter(im -> dumped.contains(im.imageId())).toList();
    }
    List<ScoredImage> fit = new ArrayList<>();
    List<ScoredImage> held = new ArrayList<>();
    for (ScoredImage im : images) {
      (fittingHalf(im.imageId()) ? fit : held).add(im);
    }
    List<double[]> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (ScoredImage im : fit) {
      for (int i = 0; i < im.target().length; i++) {
        if (im.known()[i]) {
          xs.add(im.features()[i]);
          ys.add(im.target()[i]);
        }
      }
    }
    double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
    LogisticFitter.Fit f = new LogisticFitter(ridge, 50).fit(xs.toArray(new double[0][]), y, null);
    LOG.info("fitted on {} candidates in {} Newton steps", y.length, f.iterations());
    PoseScoringModel model = new PoseScoringModel(PoseFeatures.NAMES, f.mean(), f.scale(), f.weights(),
        f.bias(), Double.NaN, Map.of());
    ScoringEvaluation.Scores calibrated = im -> {
      double[] s = new double[im.features().length];
      for (int i = 0; i < s.length; i++) {
        s[i] = model.score(im.features()[i]);
      }
      return s;
    };
    ScoringEvaluation.Scores legacy = ScoredImage::legacy;
    double threshold = new ScoringEvaluation(only(fit, DETECTOR), calibrated).bestThreshold();
    double legacyThreshold = new ScoringEvaluation(only(fit, DETECTOR), legacy).bestThreshold();
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("data", gtFile.getParent().getFileName().toString());
    provenance.put("split", "fitted on even COCO image ids, threshold chosen there; odd ids held back");
    provenance.put("fitting_candidates", String.valueOf(y.length));
    provenance.put("ridge", String.valueOf(ridge));
    provenance.put("threshold_rule", "minimum per-image person count MAE, detector boxes, fitting half");
    provenance.put("made_by", "submit/lib/fit-pose-scoring.sh");
    PoseScoringModel written = model.withMinPoseScore(threshold).withProvenance(provenance);
    written.write(out);
    LOG.info("wrote {} (threshold {})", out, threshold);

    String md = report(gt, fit, held, written, legacy, calibrated, threshold, legacyThreshold);
    System.out.print(md);
    if (markdown != null) {
      Files.writeString(markdown, md);
    }
    if (plot != null) {
      ReliabilityPlot.write(plot, "Held-back half of " + provenance.get("data") + ", both box sources",
          new String[] {String.format(Locale.ROOT, "legacy box x keypoint score (ECE %.3f)",
              new ScoringEvaluation(held, legacy).ece(BINS)),
              String.format(Locale.ROOT, "calibrated pose_score (ECE %.3f)",
                  new ScoringEvaluation(held, calibrated).ece(BINS))},
          new double[][][] {new ScoringEvaluation(held, legacy).reliability(BINS),
              new ScoringEvaluation(held, calibrated).reliability(BINS)});
    }
    return 0;
  }

  private static List<ScoredImage> only(List<ScoredImage> images, String source) {
    return images.stream().filter(im -> im.source().equals(source)).toList();
  }

  private static String report(CocoGroundTruth gt, List<ScoredImage> fit, List<ScoredImage> held,
      PoseScoringModel model, ScoringEvaluation.Scores legacy, ScoringEvaluation.Scores calibrated,
      double threshold, double legacyThreshold) {
    StringBuilder md = new StringBuilder();
    List<ScoredImage> heldDet = only(held, DETECTOR);
    List<ScoredImage> fitDet = only(fit, DETECTOR);
    md.append(String.format(Locale.ROOT, "%nFitting half: %d images; held-back half: %d images "
        + "(detector path). Threshold (min count MAE on the fitting half): %.2f "
        + "(legacy score's own best: %.2f).%n%n", fitDet.size(), heldDet.size(), threshold, legacyThreshold));
    md.append("| held-back half | legacy (today) | legacy, thresholded | calibrated, thresholded |\n|---|---:|---:|---:|\n");
    ScoringEvaluation ld = new ScoringEvaluation(heldDet, legacy);
    ScoringEvaluation cd = new ScoringEvaluation(heldDet, calibrated);
    int truth = heldDet.stream().mapToInt(ScoredImage::persons).sum();
    md.append(String.format(Locale.ROOT, "| per-image count MAE (detector boxes) | %.3f | %.3f | **%.3f** |%n",
        ld.countMae(Double.NEGATIVE_INFINITY), ld.countMae(legacyThreshold), cd.countMae(threshold)));
    md.append(String.format(Locale.ROOT, "| mean count error, counted − true | %+.3f | %+.3f | %+.3f |%n",
        ld.countBias(Double.NEGATIVE_INFINITY), ld.countBias(legacyThreshold), cd.countBias(threshold)));
    md.append(String.format(Locale.ROOT, "| persons counted (true: %d) | %d | %d | %d |%n", truth,
        ld.total(Double.NEGATIVE_INFINITY), ld.total(legacyThreshold), cd.total(threshold)));
    md.append(String.format(Locale.ROOT, "| count MAE on the fitting half | %.3f | %.3f | %.3f |%n",
        new ScoringEvaluation(fitDet, legacy).countMae(Double.NEGATIVE_INFINITY),
        new ScoringEvaluation(fitDet, legacy).countMae(legacyThreshold),
        new ScoringEvaluation(fitDet, calibrated).countMae(threshold)));
    for (String source : new String[] {DETECTOR, "gt"}) {
      List<ScoredImage> h = only(held, source);
      if (h.isEmpty()) {
        continue;
      }
      double[] a = new ScoringEvaluation(h, legacy).cocoStats(gt);
      double[] b = new ScoringEvaluation(h, calibrated).cocoStats(gt);
      md.append(String.format(Locale.ROOT, "| AP, %s boxes, every candidate (AP50 / AP75) | %.1f (%.1f / %.1f) | same | %.1f (%.1f / %.1f) |%n",
          source.equals("gt") ? "ground-truth" : "detector", 100 * a[0], 100 * a[1], 100 * a[2],
          100 * b[0], 100 * b[1], 100 * b[2]));
    }
    ScoringEvaluation la = new ScoringEvaluation(held, legacy);
    ScoringEvaluation ca = new ScoringEvaluation(held, calibrated);
    md.append(String.format(Locale.ROOT, "| expected calibration error (both box sources, %d bins) | %.3f | | %.3f |%n",
        BINS, la.ece(BINS), ca.ece(BINS)));
    md.append(String.format(Locale.ROOT, "| ECE, detector boxes / ground-truth boxes | %.3f / %.3f | | %.3f / %.3f |%n",
        ld.ece(BINS), new ScoringEvaluation(only(held, "gt"), legacy).ece(BINS), cd.ece(BINS),
        new ScoringEvaluation(only(held, "gt"), calibrated).ece(BINS)));

    md.append("\nRecall of ground-truth persons (non-crowd, detector boxes, held-back half; a person is "
        + "found by a pose whose box has IoU ≥ 0.5 with its box):\n\n");
    md.append("| person box height (px) | persons | any candidate | confident (calibrated ≥ threshold) |\n|---|---:|---:|---:|\n");
    double[] edges = {0, 16, 32, 48, 64, 96, 128, 256, Double.POSITIVE_INFINITY};
    java.util.function.ToIntFunction<GtAnnotation> byHeight = a -> {
      for (int i = 0; i + 1 < edges.length; i++) {
        if (a.bbox()[3] < edges[i + 1]) {
          return i;
        }
      }
      return edges.length - 2;
    };
    int[][] anyH = ld.recall(gt, Double.NEGATIVE_INFINITY, edges.length - 1, byHeight);
    int[][] confH = cd.recall(gt, threshold, edges.length - 1, byHeight);
    for (int i = 0; i + 1 < edges.length; i++) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n",
          Double.isInfinite(edges[i + 1]) ? "≥ " + (int) edges[i] : (int) edges[i] + "–" + (int) edges[i + 1],
          anyH[i][1], pct(anyH[i]), pct(confH[i])));
    }
    String[] areas = {"small (area < 32²)", "medium (32²–96²)", "large (≥ 96²)"};
    java.util.function.ToIntFunction<GtAnnotation> byArea = a -> a.area() < 32 * 32 ? 0 : a.area() < 96 * 96 ? 1 : 2;
    int[][] anyA = ld.recall(gt, Double.NEGATIVE_INFINITY, 3, byArea);
    int[][] confA = cd.recall(gt, threshold, 3, byArea);
    md.append("\n| COCO area class | persons | any candidate | confident |\n|---|---:|---:|---:|\n");
    for (int i = 0; i < 3; i++) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", areas[i], anyA[i][1], pct(anyA[i]), pct(confA[i])));
    }
    md.append("\nCoefficients (standardised features; written by the fit, copied here for reading):\n\n");
    md.append("| feature | mean | scale | weight |\n|---|---:|---:|---:|\n");
    for (int i = 0; i < model.features().size(); i++) {
      md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %+.4f |%n", model.features().get(i),
          model.mean()[i], model.scale()[i], model.weights()[i]));
    }
    md.append(String.format(Locale.ROOT, "| (intercept) | | | %+.4f |%n", model.bias()));
    return md.toString();
  }

  private static String pct(int[] foundTotal) {
    return foundTotal[1] == 0 ? "–" : String.format(Locale.ROOT, "%.0f %%", 100.0 * foundTotal[0] / foundTotal[1]);
  }
}
