package posespark.job.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A storage server in a JVM of its own, with its own classpath (so that its Jetty, Guava and Hadoop
 * server classes never meet Spark's). Its output goes to {@code server.log} in its folder; it ends
 * when {@link #close} destroys it, or with the test JVM (servers run under {@link StdinWatchdog},
 * whose standard input is a pipe from this JVM).
 */
final class ServerProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java [jvmArgs] args...} in {@code dir}. */
  static ServerProcess start(String name, Path dir, List<String> command) {
    List<String> all = new ArrayList<>();
    all.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    all.add("-Xmx384m");
    all.add("-XX:+UseSerialGC");
    all.add("-Djava.net.preferIPv4Stack=true");
    all.addAll(command);
    Path log = dir.resolve("server.log");
    try {
      Files.createDirectories(dir);
      Process p = new ProcessBuilder(all).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new ServerProcess(name, p, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Waits until {@code ready} holds; fails with the log's tail if the server dies or is late. */
  void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue()
            + " before it was ready; log:\n" + logTail());
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IllegalStateException(name + " not ready after " + timeout + "; log:\n" + logTail());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + name, e);
      }
    }
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      // Test servers keep nothing worth a slow shutdown.
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A port free on the loopback address now (the server binds it moments later). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code target/test-servers/<name>}: jars copied there by the build (job/pom.xml, test-servers). */
  static Path serverJars(String name) {
    Path dir = testClasses().getParent().resolve("test-servers").resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no " + dir + ": build through Maven (process-test-classes copies the server jars)");
    }
    return dir;
  }

  /** The folder of the compiled test classes (holds the servers' main classes). */
  static Path testClasses() {
    try {
      return Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
