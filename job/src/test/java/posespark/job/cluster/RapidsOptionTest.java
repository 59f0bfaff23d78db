package posespark.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --rapids} on a machine whose nvidia-smi finds no GPU (a stand-in nvidia-smi first on
 * PATH, so the answer does not depend on this machine): the launchers stop with one line and
 * exit code 2 before fetching the RAPIDS jar.
 */
class RapidsOptionTest {

  @TempDir
  Path tmp;

  @Test
  void annotateAndEvaluateRefuseRapidsWithoutAGpuBeforeFetchingIt() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\necho 'No devices were found'\nexit 6\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"),
        "POSESPARK_CACHE", cache.toString());
    Path submit = BuiltJars.repoRoot().resolve("submit");
    for (List<String> cmd : List.of(
        List.of(submit.resolve("annotate").toString(), "--rapids", "--input", tmp.toString(),
            "--output", tmp.resolve("out").toString()),
        List.of(submit.resolve("evaluate").toString(), "--rapids", "--gt", "gt.json",
            "--results", "dt.json"))) {
      ProcessRun run = ProcessRun.run(cmd, env, tmp.resolve("run.log"), 60);
      assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
      assertThat(run.output().strip().lines()).as("one line").hasSize(1);
      assertThat(run.output()).contains("--rapids needs an NVIDIA GPU");
    }
    assertThat(cache.resolve("rapids")).as("nothing fetched").doesNotExist();
  }
}
