package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs fetching the same model into one empty cache at once: both succeed, one converts. */
class ConcurrentFetchTest {
  @TempDir
  Path cache;

  @Test
  void twoJvmsFetchingAtOnceBothEndWithAReadyModel() throws Exception {
    ModelZoo.ensureReady("posenet"); // makes sure the verified tarball is in the shared cache
    Path tarball = ModelCache.fromEnvironment().npm().resolve(ModelZoo.TARBALL);
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-cp", System.getProperty("java.class.path"),
          "-Dposespark.repo.root=" + System.getProperty("posespark.repo.root", ""),
          "posespark.models.cli.ModelsCli", "fetch", "--cache", cache.toString(), "--models", "posenet")
          .redirectErrorStream(true);
      pb.environment().put("POSESPARK_NPM_TARBALL", tarball.toString());
      pb.environment().remove("POSESPARK_CACHE");
      processes.add(pb.start());
    }
    List<String> outputs = new ArrayList<>();
    for (Process p : processes) {
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(text).isZero();
      outputs.add(text.lines().filter(l -> l.startsWith("posenet\t")).findFirst().orElse(text));
    }
    assertThat(outputs).allMatch(l -> l.startsWith("posenet\tready\t"));
    assertThat(outputs).filteredOn(l -> l.endsWith("already converted")).hasSize(1);
    assertThat(new ModelZoo(new ModelCache(cache)).status("posenet")).isEqualTo(ModelStatus.READY);
  }
}
