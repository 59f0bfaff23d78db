package posespark.models.hrnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * Writes an HRNet as a TensorFlow SavedModel (tag {@code serve}, signature {@code serving_default},
 * input {@code input} [N, H, W, 3] RGB 0..255, output {@code heatmaps} [N, H/4, W/4, 17]) together
 * with its model card. The directory appears atomically: it is written beside the target and moved.
 */
public final class HrnetSavedModel {
  public static final String SIGNATURE = "serving_default";
  public static final String INPUT = "input";
  public static final String OUTPUT = "heatmaps";

  private static final Logger log = LoggerFactory.getLogger(HrnetSavedModel.class);

  private HrnetSavedModel() {
  }

  /** Exports to {@code target} (which must not exist yet, or be an empty directory). */
  public static void export(HrnetConfig config, HrnetWeights weights, HrnetModelCard card, Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute) && !isEmptyDirectory(absolute)) {
      throw new IOException(absolute + ": output directory exists and is not empty");
    }
    Files.createDirectories(absolute.getParent());
    Path staging = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".tmp-");
    try {
      Path model = staging.resolve("model");
      try (Graph graph = new Graph()) {
        HrnetGraphBuilder.Endpoints ends = HrnetGraphBuilder.build(Ops.create(graph), config, weights);
        if (weights instanceof CheckpointWeights checkpoint) {
          checkpoint.requireAllUsed();
        }
        try (Session session = new Session(graph)) {
          Signature signature = Signature.builder().key(SIGNATURE)
              .input(INPUT, ends.input()).output(OUTPUT, ends.heatmaps()).build();
          SavedModelBundle.exporter(model.toString()).withFunction(SessionFunction.create(signature, session)).export();
        }
      }
      card.write(model.resolve(HrnetModelCard.FILE_NAME));
      if (Files.exists(absolute)) {
        Files.delete(absolute);
      }
      Files.move(model, absolute, StandardCopyOption.ATOMIC_MOVE);
      log.info("exported {} to {}", config.name(), absolute);
    } finally {
      deleteRecursively(staging);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
