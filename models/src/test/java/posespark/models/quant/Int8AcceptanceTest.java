package posespark.models.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.Localisation;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.image.DecodeOptions;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.PosePipelines;
import posespark.models.report.AccuracyReport;
import posespark.models.report.CocoImageFiles;
import posespark.models.report.ImageIdHalf;
import posespark.models.report.ReportVariant;
import posespark.models.report.ReportVariants;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

/**
 * The int8 options' accuracy claims, with models calibrated on the even image ids of coco-train-dev and
 * measured on the odd ids (ground-truth boxes, flip, the pipeline's default prior and decoder):
 * movenet-thunder-int8 (the {@code balanced-int8} preset) and the ensemble of the {@code accurate-int8}
 * preset (thunder-int8 ×2 + blazepose-heavy-int8 ×1) each lose at most 0.3 AP against fp32.
 */
@Tag("acceptance")
class Int8AcceptanceTest {
  private static final String THUNDER = "movenet-thunder";
  private static final String HEAVY = "blazepose-heavy";
  private static final String SUFFIX = Int8ModelBuilder.SUFFIX;

  @TempDir
  static Path target;
  private static Path data;
  private static final Map<String, MemberRunner> MEMBERS = new LinkedHashMap<>();

  @BeforeAll
  static void buildInt8Models() throws Exception {
    String shared = System.getProperty("posespark.shared.data");
    if (shared == null || !Files.isDirectory(Path.of(shared))) {
      fail("system property posespark.shared.data must name the shared data folder (got " + shared + ")");
    }
    data = Path.of(shared, "coco-train-dev");
    for (String fp32 : List.of(THUNDER, HEAVY)) {
      Path int8Dir = target.resolve(fp32 + SUFFIX);
      Int8ModelBuilder.Summary built = Int8ModelBuilder.build(ModelZoo.ensureReady(fp32), data, 300, int8Dir);
      assertThat(built.quantized()).as(fp32).isGreaterThan(built.layers() / 3);
      assertThat(built.chained()).as(fp32).isGreaterThan(0);
      ModelCard card = ModelCard.read(int8Dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
      assertThat(card.name()).isEqualTo(fp32 + SUFFIX);
      MEMBERS.put(fp32, ZooMembers.runner(fp32, PosePipelines.COMMON_GRID, 16));
      MEMBERS.put(fp32 + SUFFIX, new MemberRunner(ZooMembers.spec(card), ZooMembers.runner(ModelHost.get(int8Dir)),
          PosePipelines.COMMON_GRID, 16));
    }
  }

  @Test
  void int8ThunderLosesAtMostAThirdOfAnApPointOnTheHeldBackIds() throws Exception {
    double[] ap = oddIdsAp(List.of(THUNDER), List.of(THUNDER + SUFFIX), new double[] {1});
    assertThat(ap[0]).as("fp32 AP on odd ids").isGreaterThan(0.45);
    assertThat(ap[1]).as("int8 AP on odd ids vs fp32 %.4f", ap[0]).isGreaterThanOrEqualTo(ap[0] - 0.003);
  }

  @Test
  void theAccurateInt8EnsembleLosesAtMostAThirdOfAnApPointOnTheHeldBackIds() throws Exception {
    double[] ap = oddIdsAp(List.of(THUNDER, HEAVY), List.of(THUNDER + SUFFIX, HEAVY + SUFFIX), new double[] {2, 1});
    assertThat(ap[0]).as("fp32 ensemble AP on odd ids").isGreaterThan(0.45);
    assertThat(ap[1]).as("int8 ensemble AP on odd ids vs fp32 %.4f", ap[0]).isGreaterThanOrEqualTo(ap[0] - 0.003);
  }

  /** AP of the fp32 and of the int8 ensemble (flip, prior, quarter), measured in one report. */
  private static double[] oddIdsAp(List<String> fp32, List<String> int8, double[] weights) throws Exception {
    Map<String, MemberRunner> members = new LinkedHashMap<>();
    for (String m : fp32) {
      members.put(m, MEMBERS.get(m));
    }
    for (String m : int8) {
      members.put(m, MEMBERS.get(m));
    }
    List<ReportVariant> variants = List.of(
        ReportVariants.variant(fp32, weights, true, true, Localisation.QUARTER, 0, Double.NaN),
        ReportVariants.variant(int8, weights, true, true, Localisation.QUARTER, 0, Double.NaN));
    Path gtFile = data.resolve("person_keypoints.json");
    List<AccuracyReport.Row> rows;
    try (ImageDecoder decoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      AccuracyReport report = new AccuracyReport(CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17),
          AccuracyReport.decoding(decoder, data.resolve("images"), CocoImageFiles.read(gtFile)), members,
          PosePipelines.COMMON_GRID, 1.25);
      rows = report.run(variants, null, 0, ImageIdHalf.ODD);
    }
    return new double[] {rows.get(0).stats()[0], rows.get(1).stats()[0]};
  }
}
