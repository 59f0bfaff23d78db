package posespark.models.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;

class FusedDetectorTest {

  private static final BoxFilter FILTER = new BoxFilter(0.1, false, 0.5, 0.5, 2);
  private static final DecodedImage IMAGE = new DecodedImage(4, 4, new byte[4 * 4 * 3]);

  private static PersonDetector fixed(Box... boxes) {
    return images -> images.stream().map(i -> List.of(boxes)).toList();
  }

  @Test
  void nmsFusionKeepsTheBestBoxOfAnOverlappingPairUnchanged() {
    FusedDetector d = new FusedDetector(List.of(fixed(new Box(0, 0, 100, 100, 0.6)),
        fixed(new Box(5, 0, 100, 100, 0.8))), BoxFusion.NMS, FILTER);
    assertThat(d.detect(List.of(IMAGE)).get(0)).containsExactly(new Box(5, 0, 100, 100, 0.8));
  }

  @Test
  void wbfFusionAveragesThePairAndKeepsAtMostMaxPersons() {
    FusedDetector d = new FusedDetector(List.of(
        fixed(new Box(0, 0, 100, 100, 0.6), new Box(200, 0, 10, 10, 0.5), new Box(400, 0, 10, 10, 0.4)),
        fixed(new Box(4, 0, 100, 100, 0.2))), BoxFusion.WBF, FILTER);
    List<Box> boxes = d.detect(List.of(IMAGE, IMAGE)).get(1);
    assertThat(boxes).hasSize(2);
    assertThat(boxes.get(0).x()).isEqualTo(1.0); // (0.6·0 + 0.2·4) / 0.8
    assertThat(boxes.get(0).score()).isEqualTo(0.4);
    assertThat(boxes.get(1).x()).isEqualTo(200);
  }

  @Test
  void proposalsRoundTripThroughTheirId() {
    PersonProposals p = PersonProposals.parse("centernet+nanodet+multipose/nms");
    assertThat(p.detectors()).containsExactly("centernet", "nanodet", "multipose");
    assertThat(p.fusion()).isEqualTo(BoxFusion.NMS);
    assertThat(PersonProposals.parse(p.id())).isEqualTo(p);
    assertThat(PersonProposals.parse("centernet").id()).isEqualTo("centernet");
  }

  @Test
  void badProposalsAreOneLineErrors() {
    assertThatThrownBy(() -> PersonProposals.parse("centernet+yolo"))
        .hasMessage("unknown detector 'yolo' (supported: centernet, nanodet, multipose)");
    assertThatThrownBy(() -> PersonProposals.parse("nanodet,nanodet")).hasMessage("detector listed twice: nanodet");
    assertThatThrownBy(() -> BoxFusion.parse("soft")).hasMessage("--box-fusion must be wbf or nms, not 'soft'");
  }
}
