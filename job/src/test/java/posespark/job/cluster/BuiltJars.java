package posespark.job.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the packaged artifacts of this build are (the cluster suite runs after packaging): the
 * repository root, Spark's jars folder and the application assembly.
 */
final class BuiltJars {

  private BuiltJars() {}

  static Path repoRoot() {
    String root = System.getProperty("posespark.repo.root");
    return root == null ? Path.of("").toAbsolutePath().getParent() : Path.of(root);
  }

  /** job/target/spark-jars: a complete SPARK_HOME/jars built from Maven. */
  static Path sparkJars() {
    return existing(repoRoot().resolve("job/target/spark-jars"), "mvn -B package");
  }

  /** The application assembly, built by the assembly profile. */
  static Path assembly() {
    Path target = repoRoot().resolve("job/target");
    try (var files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("posespark-assembly-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no posespark-assembly-*.jar in " + target
              + ": run the cluster suite with mvn -B verify -Passembly,cluster-suite"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path existing(Path p, String buildHint) {
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " is missing: build it with " + buildHint);
    }
    return p;
  }
}
