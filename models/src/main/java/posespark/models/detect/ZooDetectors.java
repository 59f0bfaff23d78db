package posespark.models.detect;

import java.nio.file.Path;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.ZooMembers;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

/** Person detectors from the model zoo, configured from their model cards. */
public final class ZooDetectors {

  private ZooDetectors() {}

  /**
   * The named detector (fetched and converted on first use). Supported: {@code centernet}, whose
   * card lists a {@code detections} output (the model's own top-100 decoding).
   */
  public static PersonDetector create(String name, BoxFilter filter) {
    return create(name, filter, null);
  }

  /**
   * As {@link #create(String, BoxFilter)}, the session loaded with {@code session}'s threads and
   * device (null: {@link ModelHost#defaultOptions}); remapping follows the detector's card.
   */
  public static PersonDetector create(String name, BoxFilter filter, HostOptions session) {
    Path dir = ModelZoo.ensureReady(name);
    ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    if (!"detector".equals(card.kind())) {
      throw new IllegalArgumentException(name + " is not a detector (kind " + card.kind() + ")");
    }
    if (!card.outputKeys().contains("detections")) {
      throw new IllegalArgumentException("detector " + name + " is not supported as a person detector"
          + " (supported: centernet)");
    }
    int personClass = card.config().hasPath("detector.person-class")
        ? card.config().getInt("detector.person-class") : 0;
    return new CenterNetDetector(ZooMembers.runner(ModelHost.getWithSession(dir, session)), card.inputWidth(),
        "detections", personClass, filter);
  }
}
