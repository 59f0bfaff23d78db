package posespark.models.card;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds model cards: in {@code conf/models} of the installation ({@code POSESPARK_HOME}, or the
 * system properties {@code posespark.cards.dir} / {@code posespark.repo.root}), else inside the
 * models jar ({@code posespark/models/cards/}, copied there by the build).
 */
public final class ModelCards {
  private static final String RESOURCE_DIR = "posespark/models/cards/";

  private ModelCards() {}

  /** The card named {@code name}, or an exception listing where it was looked for. */
  public static ModelCard find(String name) {
    List<String> looked = new ArrayList<>();
    for (Path dir : directories()) {
      Path file = dir.resolve(name + ".conf");
      looked.add(file.toString());
      if (Files.isRegularFile(file)) {
        return ModelCard.read(file);
      }
    }
    Optional<ModelCard> bundled = resource(name);
    looked.add("classpath:" + RESOURCE_DIR + name + ".conf");
    return bundled.orElseThrow(() -> new IllegalArgumentException(
        "no model card '" + name + "' (looked in " + looked + ")"));
  }

  /** The card's source text, for copying next to a SavedModel. */
  public static String text(String name) {
    for (Path dir : directories()) {
      Path file = dir.resolve(name + ".conf");
      if (Files.isRegularFile(file)) {
        try {
          return Files.readString(file);
        } catch (IOException e) {
          throw new IllegalArgumentException(file + ": cannot read model card: " + e.getMessage(), e);
        }
      }
    }
    return resourceText(name).orElseThrow(() -> new IllegalArgumentException("no model card '" + name + "'"));
  }

  private static List<Path> directories() {
    List<Path> dirs = new ArrayList<>();
    String explicit = System.getProperty("posespark.cards.dir");
    if (explicit != null) {
      dirs.add(Path.of(explicit));
    }
    String home = System.getenv("POSESPARK_HOME");
    if (home != null && !home.isBlank()) {
      dirs.add(Path.of(home, "conf", "models"));
    }
    String repo = System.getProperty("posespark.repo.root");
    if (repo != null) {
      dirs.add(Path.of(repo, "conf", "models"));
    }
    return dirs;
  }

  private static Optional<ModelCard> resource(String name) {
    return resourceText(name).map(text -> ModelCard.parse(text, "classpath:" + RESOURCE_DIR + name + ".conf"));
  }

  private static Optional<String> resourceText(String name) {
    try (InputStream in = ModelCards.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name + ".conf")) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read bundled model card " + name + ": " + e.getMessage(), e);
    }
  }
}
