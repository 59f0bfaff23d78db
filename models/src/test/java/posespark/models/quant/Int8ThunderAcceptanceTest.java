package posespark.models.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import posespark.models.report.ReportVariant;
import posespark.models.report.ReportVariants;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

/**
 * The int8 option's accuracy claim: movenet-thunder-int8, calibrated on the even image ids of
 * coco-train-dev, loses at most 0.3 AP against fp32 movenet-thunder on the odd ids (ground-truth boxes,
 * flip, the pipeline's default prior and decoder).
 */
@Tag("acceptance")
class Int8ThunderAcceptanceTest {
  private static final String FP32 = "movenet-thunder";
  private static final String INT8 = FP32 + Int8ModelBuilder.SUFFIX;

  @TempDir
  Path target;

  @Test
  void int8ThunderLosesAtMostAThirdOfAnApPointOnTheHeldBackIds() throws Exception {
    String shared = System.getProperty("posespark.shared.data");
    if (shared == null || !Files.isDirectory(Path.of(shared))) {
      fail("system property posespark.shared.data must name the shared data folder (got " + shared + ")");
    }
    Path data = Path.of(shared, "coco-train-dev");
    Path int8Dir = target.resolve(INT8);
    Int8ModelBuilder.Summary built = Int8ModelBuilder.build(ModelZoo.ensureReady(FP32), data, 300, int8Dir);
    assertThat(built.quantized()).isGreaterThan(built.layers() / 2);
    assertThat(built.chained()).isGreaterThan(0);

    Map<String, MemberRunner> members = new LinkedHashMap<>();
    members.put(FP32, ZooMembers.runner(FP32, PosePipelines.COMMON_GRID, 16));
    ModelCard card = ModelCard.read(int8Dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    assertThat(card.name()).isEqualTo(INT8);
    members.put(INT8, new MemberRunner(ZooMembers.spec(card), ZooMembers.runner(ModelHost.get(int8Dir)),
        PosePipelines.COMMON_GRID, 16));
    List<ReportVariant> variants = List.of(
        ReportVariants.variant(List.of(FP32), new double[] {1}, true, true, Localisation.QUARTER, 0, Double.NaN),
        ReportVariants.variant(List.of(INT8), new double[] {1}, true, true, Localisation.QUARTER, 0, Double.NaN));
    Path gtFile = data.resolve("person_keypoints.json");
    List<AccuracyReport.Row> rows;
    try (ImageDecoder decoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2)) {
      AccuracyReport report = new AccuracyReport(CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17),
          AccuracyReport.decoding(decoder, data.resolve("images"), CocoImageFiles.read(gtFile)), members,
          PosePipelines.COMMON_GRID, 1.25);
      rows = report.run(variants, null, 0, id -> id % 2 != 0);
    }
    double fp32 = rows.get(0).stats()[0];
    double int8 = rows.get(1).stats()[0];
    assertThat(fp32).as("fp32 AP on odd ids").isGreaterThan(0.45);
    assertThat(int8).as("int8 AP on odd ids vs fp32 %.4f", fp32).isGreaterThanOrEqualTo(fp32 - 0.003);
  }
}
