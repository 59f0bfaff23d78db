package posespark.models.report;

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
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.detect.ZooDetectors;
import posespark.models.ensemble.Localisation;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.image.DecodeOptions;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipelines;

/**
 * The accuracy claims on {@code coco-train-dev} (580 COCO train2017 images): with ground-truth
 * boxes the default ensemble beats its best single member and reaches 53 AP; with the default
 * detector path it stays at or above 50 AP.
 */
@Tag("acceptance")
class PipelineAccuracyAcceptanceTest {

  private static Path data;
  private static CocoGroundTruth gt;
  private static Map<Long, String> files;
  private static Map<String, MemberRunner> members;
  private static final PipelineConfig DEFAULTS = PipelineConfig.defaults();

  @BeforeAll
  static void setUp() throws Exception {
    String shared = System.getProperty("posespark.shared.data");
    if (shared == null || !Files.isDirectory(Path.of(shared))) {
      fail("system property posespark.shared.data must name the shared data folder (got " + shared + ")");
    }
    data = Path.of(shared, "coco-train-dev");
    Path gtFile = data.resolve("person_keypoints.json");
    gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    files = CocoImageFiles.read(gtFile);
    members = new LinkedHashMap<>();
    for (String m : DEFAULTS.ensemble().keySet()) {
      members.put(m, ZooMembers.runner(m, PosePipelines.COMMON_GRID, DEFAULTS.maxBatch()));
    }
  }

  private static List<AccuracyReport.Row> run(List<ReportVariant> variants, boolean detector)
      throws Exception {
    try (ImageDecoder decoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      AccuracyReport report = new AccuracyReport(gt,
          AccuracyReport.decoding(decoder, data.resolve("images"), files), members, PosePipelines.COMMON_GRID, DEFAULTS.cropScale());
      return report.run(variants, detector
          ? ZooDetectors.create(DEFAULTS.detector(), DEFAULTS.boxFilter()) : null, 0);
    }
  }

  @Test
  void defaultEnsembleBeatsEveryMemberAndReaches53ApWithGroundTruthBoxes() throws Exception {
    String thunder = DEFAULTS.ensemble().keySet().iterator().next();
    ReportVariant ensemble = ReportVariants.fromConfig(DEFAULTS);
    List<ReportVariant> variants = new java.util.ArrayList<>();
    variants.add(ensemble);
    for (String m : DEFAULTS.ensemble().keySet()) {
      // Each member at its best measured setting (flip; prior and localisation as the default).
      List<String> ms = m.equals(thunder) ? List.of(m) : List.of(thunder, m);
      double[] w = m.equals(thunder) ? new double[] {1} : new double[] {0, 1};
      variants.add(ReportVariants.variant(ms, w, true, true, Localisation.QUARTER, 0, Double.NaN));
      variants.add(ReportVariants.variant(ms, w, true, true, Localisation.OFFSETS, 0, Double.NaN));
    }
    List<AccuracyReport.Row> rows = run(variants, false);
    double ensembleAp = rows.get(0).stats()[0];
    double bestSingle = rows.subList(1, rows.size()).stream().mapToDouble(r -> r.stats()[0]).max().orElseThrow();
    assertThat(ensembleAp).as("default ensemble AP vs best single member %.4f", bestSingle).isGreaterThan(bestSingle);
    assertThat(ensembleAp).as("default ensemble AP, GT boxes").isGreaterThanOrEqualTo(0.53);
  }

  @Test
  void detectorPathStaysAtOrAbove50Ap() throws Exception {
    ReportVariant ensemble = ReportVariants.fromConfig(DEFAULTS);
    List<AccuracyReport.Row> rows = run(List.of(ensemble.withBoxes(null, "detector")), true);
    assertThat(rows.get(0).stats()[0]).as("default pipeline AP with %s boxes", DEFAULTS.detector())
        .isGreaterThanOrEqualTo(0.50);
  }
}
