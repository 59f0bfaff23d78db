package posespark.models.multipose;

import java.nio.file.Path;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.ZooMembers;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

/** MoveNet-multipose from the model zoo, configured from its card. */
public final class ZooMultipose {

  /** Zoo name of the model. */
  public static final String MODEL = "movenet-multipose";

  /**
   * Slots below this person score are empty. Google's examples keep persons above 0.2; 0.05 keeps
   * more candidates for the scoring model and OKS-NMS, which rank them.
   */
  public static final double MIN_PERSON_SCORE = 0.05;

  private ZooMultipose() {}

  /**
   * The model (fetched and converted on first use), its session loaded with {@code session}'s
   * threads and device (null: {@link ModelHost#defaultOptions}).
   */
  public static MultiposeModel model(HostOptions session) {
    Path dir = ModelZoo.ensureReady(MODEL);
    ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    if (!"multipose".equals(card.kind())) {
      throw new IllegalArgumentException(MODEL + " is not a multipose model (kind " + card.kind() + ")");
    }
    return new MultiposeModel(ZooMembers.runner(ModelHost.getWithSession(dir, session)),
        card.inputWidth(), card.outputKeys().get(0), new MultiposeDecoder(MIN_PERSON_SCORE));
  }
}
