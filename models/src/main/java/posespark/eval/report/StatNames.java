package posespark.eval.report;

import java.util.List;
import posespark.eval.coco.IouType;

/** Names of pycocotools' stats, in its order. */
public final class StatNames {

  private static final List<String> KEYPOINTS = List.of(
      "AP", "AP50", "AP75", "AP_medium", "AP_large", "AR", "AR50", "AR75", "AR_medium", "AR_large");
  private static final List<String> BBOX = List.of(
      "AP", "AP50", "AP75", "AP_small", "AP_medium", "AP_large",
      "AR1", "AR10", "AR100", "AR_small", "AR_medium", "AR_large");

  private StatNames() {}

  public static List<String> of(IouType type) {
    return type == IouType.KEYPOINTS ? KEYPOINTS : BBOX;
  }
}
