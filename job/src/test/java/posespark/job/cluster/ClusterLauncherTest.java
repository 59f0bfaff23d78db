package posespark.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.samples.SamplePhotos;

/**
 * {@code submit/cluster}: start brings up a Master and two Workers as separate JVMs on loopback,
 * status names the master URL and the pids, submit/annotate runs on it, and stop ends exactly
 * those JVMs (and the executors the workers started).
 */
@Tag("cluster")
class ClusterLauncherTest {

  @TempDir
  Path tmp;

  private ProcessRun launcher(String name, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(BuiltJars.repoRoot().resolve("submit").resolve(name).toString());
    cmd.addAll(List.of(args));
    return ProcessRun.run(cmd, Map.of(), tmp.resolve(name + "-" + args[0] + ".log"), 300);
  }

  @Test
  void startStatusAnnotateStop() throws Exception {
    // The suite runs after packaging: the launchers need not build again.
    Files.writeString(BuiltJars.repoRoot().resolve("job/target/.posespark-built"), "");
    String state = tmp.resolve("state").toString();
    ProcessRun started = launcher("cluster", "start", "--workers", "2", "--cores", "1",
        "--memory", "2g", "--state-dir", state);
    List<Long> pids = new ArrayList<>();
    try {
      assertThat(started.exitCode()).as(started.output()).isZero();
      ProcessRun status = launcher("cluster", "status", "--state-dir", state);
      Matcher url = Pattern.compile("master (spark://127\\.0\\.0\\.1:\\d+)").matcher(status.output());
      assertThat(url.find()).as(status.output()).isTrue();
      Matcher pid = Pattern.compile("(master|worker-\\d) pid (\\d+)").matcher(status.output());
      while (pid.find()) {
        pids.add(Long.parseLong(pid.group(2)));
      }
      assertThat(pids).as(status.output()).hasSize(3);
      for (long p : pids) {
        assertThat(ProcessHandle.of(p)).as("cluster JVM %d", p).hasValueSatisfying(
            h -> assertThat(h.info().command().orElse("")).endsWith("java"));
      }
      assertThat(launcher("cluster", "status", "--url", "--state-dir", state).output().trim())
          .isEqualTo(url.group(1));

      Path photos = Files.createDirectories(tmp.resolve("photos"));
      Files.copy(SamplePhotos.get(SamplePhotos.MESSI), photos.resolve("messi5.jpg"));
      Path out = tmp.resolve("out");
      ProcessRun annotate = launcher("annotate", "--input", photos.toString(), "--output",
          out.toString(), "--ensemble", "movenet-lightning", "--no-flip", "--master", url.group(1));
      assertThat(annotate.exitCode()).as(annotate.output()).isZero();
      try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT status, num_persons FROM read_parquet('"
              + out.resolve("images") + "/**/*.parquet', hive_partitioning = true)")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("ok");
        assertThat(rs.getInt(2)).as("persons on messi5.jpg").isGreaterThanOrEqualTo(1);
      }
      // The executor ran under a worker of this cluster: its log is in a worker's work folder.
      try (var logs = Files.walk(Path.of(state))) {
        assertThat(logs.filter(p -> p.getFileName().toString().equals("stderr"))
            .anyMatch(p -> p.toString().contains("/work-"))).as("executor logs").isTrue();
      }
    } finally {
      ProcessRun stopped = launcher("cluster", "stop", "--state-dir", state);
      assertThat(stopped.exitCode()).as(stopped.output()).isZero();
    }
    for (long p : pids) {
      // An ended JVM may linger a moment until init reaps it.
      ProcessHandle.of(p).ifPresent(h -> h.onExit().completeOnTimeout(h, 15, TimeUnit.SECONDS).join());
      assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))
          .as("JVM %d after stop", p).isFalse();
    }
    assertThat(launcher("cluster", "status", "--state-dir", state).output())
        .contains("no cluster running");
    assertThat(launcher("cluster", "start", "--workers", "0").exitCode()).as("bad --workers").isEqualTo(2);
  }
}
