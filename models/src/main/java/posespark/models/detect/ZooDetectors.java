package posespark.models.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.ModelRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.multipose.ZooMultipose;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

/** Person detectors from the model zoo, configured from their model cards. */
public final class ZooDetectors {

  /** Detector names {@link #create} supports. */
  public static final List<String> SUPPORTED = List.of("centernet", "nanodet", "multipose");

  private ZooDetectors() {}

  /**
   * The named detector (fetched and converted on first use). Supported: {@code centernet}, whose
   * card lists a {@code detections} output (the model's own top-100 decoding), and {@code nanodet},
   * whose card lists {@code scores_stride<s>} and {@code boxes_stride<s>} outputs (decoded by
   * {@link NanoDetDetector}), and {@code multipose}, MoveNet-multipose's person boxes
   * ({@link MultiposeDetector}).
   */
  public static PersonDetector create(String name, BoxFilter filter) {
    return create(name, filter, null);
  }

  /**
   * As {@link #create(String, BoxFilter)}, the session loaded with {@code session}'s threads and
   * device (null: {@link ModelHost#defaultOptions}); remapping follows the detector's card.
   */
  public static PersonDetector create(String name, BoxFilter filter, HostOptions session) {
    if (name.equals("multipose")) {
      return new MultiposeDetector(ZooMultipose.model(session), filter);
    }
    Path dir = ModelZoo.ensureReady(name);
    ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    if (!"detector".equals(card.kind())) {
      throw new IllegalArgumentException(name + " is not a detector (kind " + card.kind() + ")");
    }
    int personClass = card.config().hasPath("detector.person-class")
        ? card.config().getInt("detector.person-class") : 0;
    ModelRunner runner = ZooMembers.runner(ModelHost.getWithSession(dir, session));
    if (card.outputKeys().contains("detections")) {
      return new CenterNetDetector(runner, card.inputWidth(), "detections", personClass, filter);
    }
    int[] strides = card.outputKeys().stream().filter(k -> k.startsWith("scores_stride"))
        .mapToInt(k -> Integer.parseInt(k.substring("scores_stride".length()))).sorted().toArray();
    if (strides.length == 0) {
      throw new IllegalArgumentException("detector " + name + " is not supported as a person detector"
          + " (supported: " + String.join(", ", SUPPORTED) + ")");
    }
    int classes = (int) card.outputShape(NanoDetDetector.scoresKey(strides[0]))[2];
    int bins = (int) card.outputShape(NanoDetDetector.boxesKey(strides[0]))[2] / 4;
    return new NanoDetDetector(runner, card.inputWidth(), strides, classes, bins, personClass, filter);
  }

  /**
   * The detector(s) of {@code proposals}: one detector as it is, several as a {@link FusedDetector}
   * (each with {@code filter}; the fusion keeps at most {@code filter.maxPersons()}).
   */
  public static PersonDetector create(PersonProposals proposals, BoxFilter filter,
      HostOptions session) {
    if (proposals.detectors().size() == 1) {
      return create(proposals.detectors().get(0), filter, session);
    }
    List<PersonDetector> detectors = new ArrayList<>();
    for (String d : proposals.detectors()) {
      detectors.add(create(d, filter, session));
    }
    return new FusedDetector(detectors, proposals.fusion(), filter);
  }
}
