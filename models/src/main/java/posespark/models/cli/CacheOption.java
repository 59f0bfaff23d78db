package posespark.models.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import posespark.models.zoo.ModelCache;

/** The {@code --cache DIR} option shared by the zoo subcommands. */
final class CacheOption {
  @Option(names = "--cache", paramLabel = "DIR",
      description = "cache folder (default: $POSESPARK_CACHE, else ~/.cache/posespark)")
  Path dir;

  ModelCache cache() {
    return dir == null ? ModelCache.fromEnvironment() : new ModelCache(dir);
  }
}
