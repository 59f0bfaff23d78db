package posespark.models.hrnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import posespark.models.card.ModelCard;
import posespark.models.zoo.AtomicDirectory;

/**
 * Writes an HRNet as a TensorFlow SavedModel (tag {@code serve}, signature {@code serving_default},
 * input {@code input} [N, H, W, 3] RGB 0..255, output {@code heatmaps} [N, H/4, W/4, 17]) together
 * with its model card. The folder appears atomically (written beside the target, then renamed), so
 * a failed import leaves nothing behind and an earlier export stays intact.
 */
public final class HrnetSavedModel {
  public static final String SIGNATURE = "serving_default";
  public static final String INPUT = "input";
  public static final String OUTPUT = "heatmaps";

  private static final Logger log = LoggerFactory.getLogger(HrnetSavedModel.class);

  private HrnetSavedModel() {
  }

  /**
   * Exports to {@code target}, which must not exist, be empty, or hold an earlier SavedModel (replaced).
   * Checkpoint weights must cover the architecture exactly (missing, misshapen or unexpected keys fail).
   */
  public static void export(HrnetConfig config, HrnetWeights weights, HrnetModelCard card, Path target) throws IOException {
    if (Files.exists(target) && !replaceable(target)) {
      throw new IOException(target + ": output exists and is neither empty nor a SavedModel; choose another --output");
    }
    AtomicDirectory.publish(target, dir -> {
      try (Graph graph = new Graph()) {
        HrnetGraphBuilder.Endpoints ends = HrnetGraphBuilder.build(Ops.create(graph), config, weights);
        if (weights instanceof CheckpointWeights checkpoint) {
          checkpoint.requireAllUsed();
        }
        try (Session session = new Session(graph)) {
          Signature signature = Signature.builder().key(SIGNATURE)
              .input(INPUT, ends.input()).output(OUTPUT, ends.heatmaps()).build();
          SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session)).export();
        }
      }
      card.write(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    });
    log.info("exported {} to {}", config.name(), target);
  }

  private static boolean replaceable(Path target) throws IOException {
    if (!Files.isDirectory(target)) {
      return false;
    }
    if (Files.exists(target.resolve("saved_model.pb"))) {
      return true;
    }
    try (Stream<Path> entries = Files.list(target)) {
      return entries.findAny().isEmpty();
    }
  }
}
