package posespark.job.nightly;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import posespark.job.cluster.StandaloneCluster;

/**
 * A nightly driver in a JVM of its own ({@link NightlyMain} on {@code local[2]}, as
 * {@code submit/nightly} starts it), told to pause at a named point; the test waits for the pause
 * and kills the JVM with SIGKILL.
 */
final class DriverProcess {

  private final Process process;
  private final Path log;
  private final CountDownLatch paused = new CountDownLatch(1);

  private DriverProcess(Process process, Path log, String pausePoint) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
          if (line.equals("posespark: paused at " + pausePoint)) {
            paused.countDown();
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
    }, "driver-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code NightlyMain args} in a new JVM pausing at {@code pausePoint}. */
  static DriverProcess start(Path logDir, String pausePoint, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    // As the in-JVM tests' session: few shuffle partitions for a handful of rows, no UI.
    cmd.add("-Dspark.sql.shuffle.partitions=4");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.addAll(List.of(StandaloneCluster.JAVA17_OPENS.split(" ")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        NightlyMain.class.getName(), "--master", "local[2]"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("POSESPARK_PAUSE_AT", pausePoint);
    try {
      Files.createDirectories(logDir);
      return new DriverProcess(pb.start(), logDir.resolve("driver-" + pausePoint + ".log"),
          pausePoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the driver sits at its pause point; fails with its log if it never gets there. */
  DriverProcess awaitPause(Duration timeout) throws Exception {
    if (!paused.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("driver did not reach its pause point; log:\n"
          + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
    return this;
  }

  /** SIGKILL, as an OOM killer or a lost node would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
