package posespark.models.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.eval.coco.Detection;
import posespark.eval.coco.GtAnnotation;
import posespark.models.ensemble.Localisation;
import posespark.models.geometry.Box;
import posespark.models.pose.PipelineConfig;

class AccuracyReportTest {

  @Test
  void detectionTakesAreaAndBoxFromTheKeypointsLikeLoadRes() {
    float[] kp = new float[51];
    for (int k = 0; k < 17; k++) {
      kp[3 * k] = 10 + k;
      kp[3 * k + 1] = 100 - 2 * k;
      kp[3 * k + 2] = 0.5f;
    }
    Detection d = AccuracyReport.detection(5, 2, 0.7, kp);
    assertThat(d.bbox()).containsExactly(10, 68, 16, 32);
    assertThat(d.area()).isEqualTo(16 * 32);
    assertThat(d.categoryId()).isEqualTo(1);
    assertThat(d.seq()).isEqualTo(2);
  }

  @Test
  void groundTruthBoxesSkipCrowdsAndPersonsWithoutKeypoints() {
    GtAnnotation labelled = new GtAnnotation(0, 1, 1, 10, 500, false, 5, new double[] {1, 2, 30, 40}, new double[51]);
    GtAnnotation crowd = new GtAnnotation(1, 1, 1, 11, 500, true, 5, new double[] {1, 2, 30, 40}, new double[51]);
    GtAnnotation unlabelled = new GtAnnotation(2, 1, 1, 12, 500, false, 0, new double[] {1, 2, 30, 40}, new double[51]);
    assertThat(AccuracyReport.groundTruthBoxes(List.of(labelled, crowd, unlabelled)))
        .containsExactly(new Box(1, 2, 30, 40, 1.0));
  }

  @Test
  void variantFromConfigCarriesTheDefaults() {
    ReportVariant v = ReportVariants.fromConfig(PipelineConfig.defaults());
    assertThat(v.members()).containsExactly("movenet-thunder", "blazepose-heavy");
    assertThat(v.weights()).containsExactly(2, 1);
    assertThat(v.flip()).isTrue();
    assertThat(v.prior()).isTrue();
    assertThat(v.localisation()).isEqualTo(Localisation.QUARTER);
    assertThat(v.boxFilter()).isNull();
  }
}
