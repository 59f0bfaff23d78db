package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnnotationCodecTest {

  @Test
  void groundTruthSurvivesTheRoundTrip() {
    GtAnnotation a = new GtAnnotation(3, 139099L, 1, 0L, 7355.7537, true, 11,
        new double[] {1.5, 2, 30, 40}, CocoFiles.personKeypoints(1, 2, 30, 40));
    GtAnnotation b = AnnotationCodec.decodeGt(AnnotationCodec.encode(a));
    assertThat(b).usingRecursiveComparison().isEqualTo(a);
    assertThat(AnnotationCodec.imageId(AnnotationCodec.encode(a))).isEqualTo(139099L);
  }

  @Test
  void detectionWithoutKeypointsSurvivesTheRoundTrip() {
    Detection d = new Detection(42L, 18, 7, 0.236, 84887.4, new double[] {258.15, 41.29, 348.26, 243.78}, null);
    Detection e = AnnotationCodec.decodeDetection(AnnotationCodec.encode(d));
    assertThat(e).usingRecursiveComparison().isEqualTo(d);
    assertThat(e.keypoints()).isNull();
  }
}
