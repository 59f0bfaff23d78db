package posespark.models.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.detect.BoxFilter;
import posespark.models.detect.PersonDetector;
import posespark.models.detect.ZooDetectors;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.image.DecodeOptions;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.PosePipelines;

/**
 * {@code submit/lib/accuracy-report.sh}: keypoint AP of single models, ensembles, flip, prior and
 * decoders on a COCO-format folder ({@code person_keypoints.json} + {@code images/}), with
 * ground-truth or detector boxes; prints one TSV line per variant and appends a Markdown table.
 */
@Command(name = "accuracy-report", mixinStandardHelpOptions = true,
    description = "Measure keypoint AP of pose decoding variants (each model runs once per crop).")
public final class AccuracyReportMain implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "folder with person_keypoints.json and images/")
  Path data;

  @Option(names = "--boxes", defaultValue = "gt", description = "gt or detector (default: ${DEFAULT-VALUE})")
  String boxes;

  @Option(names = "--models", split = ",",
      defaultValue = "movenet-thunder,blazepose-heavy,movenet-lightning,posenet,blazepose-full",
      description = "zoo pose models; the first lends its centre regression (default: ${DEFAULT-VALUE})")
  List<String> models;

  @Option(names = "--detector", defaultValue = "centernet", description = "detector model (default: ${DEFAULT-VALUE})")
  String detectorName;

  @Option(names = "--limit", defaultValue = "0", description = "first N images only (0: all)")
  int limit;

  @Option(names = "--ids", defaultValue = "all",
      description = "all, even (the fitting half) or odd (the held-back half) image ids (default: ${DEFAULT-VALUE})")
  String ids;

  @Option(names = "--grid", defaultValue = "full",
      description = "full (ensembles, priors, decoders) or singles (each model alone, flip on) (default: ${DEFAULT-VALUE})")
  String grid;

  @Option(names = "--markdown", description = "append the table to this Markdown file")
  Path markdown;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AccuracyReportMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path gtFile = data.resolve("person_keypoints.json");
    if (!Files.isRegularFile(gtFile)) {
      throw new CommandLine.ParameterException(new CommandLine(this), gtFile + ": missing");
    }
    boolean detector = switch (boxes) {
      case "gt" -> false;
      case "detector" -> true;
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--boxes must be gt or detector, not '" + boxes + "'");
    };
    ImageIdHalf idFilter;
    try {
      idFilter = ImageIdHalf.parse(ids, "--ids");
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    Map<Long, String> files = CocoImageFiles.read(gtFile);
    Map<String, MemberRunner> members = new LinkedHashMap<>();
    for (String m : models) {
      members.put(m, ZooMembers.runner(m, PosePipelines.COMMON_GRID, 16));
    }
    PersonDetector det = detector
        ? ZooDetectors.create(detectorName, new BoxFilter(0.1, false, 1.0, 0.5, 20)) : null;
    if (!grid.equals("full") && !grid.equals("singles")) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--grid must be full or singles, not '" + grid + "'");
    }
    List<ReportVariant> variants = grid.equals("singles") ? ReportVariants.singles(models)
        : detector ? ReportVariants.detector(models) : ReportVariants.grid(models);
    List<AccuracyReport.Row> rows;
    long start = System.nanoTime();
    // The job's decoder (TF, libjpeg-turbo-exact, no ICC), stored orientation as COCO annotates it.
    try (ImageDecoder decoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      AccuracyReport report = new AccuracyReport(gt,
          AccuracyReport.decoding(decoder, data.resolve("images"), files), members,
          PosePipelines.COMMON_GRID, 1.25);
      rows = report.run(variants, det, limit, idFilter);
    }
    double minutes = (System.nanoTime() - start) / 6e10;
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%n### %s boxes: %s (%s images%s), %.1f min%n%n",
        detector ? "Detector (" + detectorName + ")" : "Ground-truth", data.getFileName(),
        limit > 0 ? String.valueOf(limit) : "all", ids.equals("all") ? "" : ", " + ids + " ids", minutes));
    md.append("| variant | AP | AP50 | AP75 | APm | APl | AR | poses |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    for (AccuracyReport.Row r : rows) {
      double[] s = r.stats();
      System.out.printf(Locale.ROOT, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d%n", r.variant().label(),
          s[0], s[1], s[2], s[3], s[4], s[5], r.detections());
      md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |%n",
          r.variant().label().replace(" | ", " · "), 100 * s[0], 100 * s[1], 100 * s[2], 100 * s[3], 100 * s[4], 100 * s[5],
          r.detections()));
    }
    if (markdown != null) {
      Files.writeString(markdown, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return 0;
  }
}
