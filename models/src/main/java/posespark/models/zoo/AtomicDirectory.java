package posespark.models.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Creates a folder all at once: its content is written into a hidden temp folder beside it, which
 * is renamed into place only when complete. A failure (or a kill) leaves no target folder behind.
 */
public final class AtomicDirectory {
  /** Writes the content of a folder. */
  @FunctionalInterface
  public interface Filler {
    void fill(Path dir) throws IOException;
  }

  private AtomicDirectory() {}

  /** Fills a temp folder and renames it to {@code target}, replacing an older {@code target}. */
  public static void publish(Path target, Filler filler) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    String id = UUID.randomUUID().toString().substring(0, 8);
    Path tmp = parent.resolve("." + target.getFileName() + ".tmp-" + id);
    Files.createDirectory(tmp);
    try {
      filler.fill(tmp);
      Path old = null;
      if (Files.exists(target)) {
        old = parent.resolve("." + target.getFileName() + ".old-" + id);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      if (old != null) {
        NpmPackageFetcher.deleteTree(old);
      }
    } finally {
      NpmPackageFetcher.deleteTree(tmp);
    }
  }
}
