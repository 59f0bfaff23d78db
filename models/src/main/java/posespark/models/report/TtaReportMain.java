package posespark.models.report;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.detect.PersonDetector;
import posespark.models.detect.ZooDetectors;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.heatmap.TargetPersonPrior;
import posespark.models.image.DecodeOptions;
import posespark.models.image.ImageDecoder;
import posespark.models.keypoints.OksNms;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipelines;

/**
 * {@code submit/lib/accuracy-tta.sh}: keypoint AP and time per person of test-time-augmentation
 * combinations on a COCO-format folder, decoded as the default pipeline decodes (ensemble, flip,
 * prior, quarter offset, calibrated scoring, OKS-NMS), with ground-truth or detector boxes; AP
 * reported separately on the even-id (choosing) and odd-id (held-back) halves. Writes one TSV line
 * per variant and half.
 */
@Command(name = "accuracy-tta", mixinStandardHelpOptions = true,
    description = "Measure keypoint AP of test-time-augmentation views (each view runs once per crop).")
public final class TtaReportMain implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "folder with person_keypoints.json and images/")
  Path data;

  @Option(names = "--boxes", defaultValue = "gt", description = "gt or detector (default: ${DEFAULT-VALUE})")
  String boxes;

  @Option(names = "--half", defaultValue = "all",
      description = "images run: all, even or odd COCO ids (default: ${DEFAULT-VALUE})")
  String half;

  @Option(names = "--variants", required = true,
      description = "';'-separated view combinations, e.g. 'none;s0.9+s1.15;r-10+r10'")
  String variants;

  @Option(names = "--limit", defaultValue = "0", description = "first N images of the half only (0: all)")
  int limit;

  @Option(names = "--max-minutes", defaultValue = "0",
      description = "take no new images after this many minutes and evaluate the images run (0: no limit)")
  double maxMinutes;

  @Option(names = "--tsv", required = true, description = "write the rows to this file")
  Path tsv;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TtaReportMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path gtFile = data.resolve("person_keypoints.json");
    if (!Files.isRegularFile(gtFile)) {
      throw new CommandLine.ParameterException(new CommandLine(this), gtFile + ": missing");
    }
    List<TtaVariant> list = TtaVariant.parseAll(variants);
    PipelineConfig config = PipelineConfig.defaults();
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    long[] ids = select(gt.imageIds(), half);
    if (limit > 0 && limit < ids.length) {
      ids = Arrays.copyOf(ids, limit);
    }
    List<MemberRunner> members = new ArrayList<>();
    double[] weights = new double[config.ensemble().size()];
    int i = 0;
    for (Map.Entry<String, Double> e : config.ensemble().entrySet()) {
      members.add(ZooMembers.runner(e.getKey(), PosePipelines.COMMON_GRID, config.maxBatch()));
      weights[i++] = e.getValue();
    }
    EnsembleDecoder decoder = new EnsembleDecoder(PosePipelines.COMMON_GRID, weights, config.flip(),
        config.prior() ? new TargetPersonPrior() : null, null, config.localisation());
    PersonDetector detector = switch (boxes) {
      case "gt" -> null;
      case "detector" -> ZooDetectors.create(config.detector(), config.boxFilter());
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--boxes must be gt or detector, not '" + boxes + "'");
    };
    Map<Long, String> files = CocoImageFiles.read(gtFile);
    TtaReport.Result result;
    try (ImageDecoder imageDecoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      TtaReport report = new TtaReport(gt, AccuracyReport.decoding(imageDecoder, data.resolve("images"), files),
          members, decoder, PosePipelines.scorer(config), new OksNms(config.oksNmsThreshold()),
          config.cropScale());
      result = report.run(ids, list, detector, maxMinutes);
    }
    try (PrintStream out = new PrintStream(Files.newOutputStream(tsv), true, "UTF-8")) {
      out.println("variant\tboxes\thalf\timages\tpersons\tms_per_person\tAP\tAP50\tAP75\tAPm\tAPl\tAR");
      for (String h : half.equals("all") ? List.of("even", "odd") : List.of(half)) {
        long[] part = select(result.imagesRun(), h);
        for (int v = 0; v < list.size(); v++) {
          double[] s = result.stats(gt, v, part);
          String line = String.format(Locale.ROOT, "%s\t%s\t%s\t%d\t%d\t%.1f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f",
              list.get(v).label(), boxes, h, part.length, result.persons(), result.msPerPerson(v), s[0], s[1], s[2], s[3], s[4], s[5]);
          out.println(line);
          System.out.println(line);
        }
      }
    }
    return 0;
  }

  static long[] select(long[] ids, String half) {
    return ImageIdHalf.parse(half, "--half").select(ids);
  }
}
