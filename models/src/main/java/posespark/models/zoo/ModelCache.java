package posespark.models.zoo;

import java.nio.file.Path;

/**
 * Layout of the posespark cache: {@code npm/} (package tarballs and the files extracted from
 * them) and {@code models/<name>/} (converted SavedModels). The root is {@code --cache DIR}, else
 * {@code POSESPARK_CACHE}, else system property {@code posespark.cache}, else
 * {@code ~/.cache/posespark}.
 */
public record ModelCache(Path root) {

  /** The cache chosen by the environment. */
  public static ModelCache fromEnvironment() {
    String env = System.getenv("POSESPARK_CACHE");
    if (env != null && !env.isBlank()) {
      return new ModelCache(Path.of(env));
    }
    String prop = System.getProperty("posespark.cache");
    if (prop != null && !prop.isBlank()) {
      return new ModelCache(Path.of(prop));
    }
    return new ModelCache(Path.of(System.getProperty("user.home"), ".cache", "posespark"));
  }

  public Path npm() {
    return root.resolve("npm");
  }

  public Path models() {
    return root.resolve("models");
  }

  public Path model(String name) {
    return models().resolve(name);
  }

  /** Lock file serialising fetch/convert across JVMs. */
  public Path lockFile() {
    return root.resolve(".zoo.lock");
  }
}
