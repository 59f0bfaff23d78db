package posespark.job.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A real Spark standalone cluster for tests: one Master and N Worker JVMs started as separate
 * processes on 127.0.0.1 from the test's own classpath, and a driver session in the test JVM.
 *
 * <p>Spark's workers launch executors from {@code SPARK_HOME/jars}; the Maven test classpath's
 * jars are linked into a temporary SPARK_HOME so that no Spark distribution is needed, and the
 * project's class directories reach executors through {@code spark.executor.extraClassPath}.
 * Optional worker resources (e.g. {@code gpu} with a discovery script) let tests exercise
 * Spark's resource scheduling on a machine without GPUs.
 */
public final class StandaloneCluster implements AutoCloseable {

  /** The Java 17 module flags Spark needs in every JVM it starts. */
  public static final String JAVA17_OPENS = String.join(" ",
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path home;
  private final int masterPort;
  private final int masterUiPort;
  private final List<Process> processes = new ArrayList<>();
  private final String executorClassPath;
  private String workerMemory = "2g";

  private StandaloneCluster(Path home, int masterPort, int masterUiPort, String executorClassPath) {
    this.home = home;
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
    this.executorClassPath = executorClassPath;
  }

  /** Starts a master and {@code workers} workers with {@code coresPerWorker} cores each. */
  public static StandaloneCluster start(int workers, int coresPerWorker) {
    return start(workers, coresPerWorker, Map.of());
  }

  /**
   * Starts a master and workers; {@code workerResources} maps a resource name (e.g. "gpu") to
   * {@code {amount, discoveryScriptPath}} offered by every worker.
   */
  public static StandaloneCluster start(int workers, int coresPerWorker,
      Map<String, String[]> workerResources) {
    return start(workers, coresPerWorker, "2g", workerResources);
  }

  /** As {@link #start(int, int, Map)}, with each worker offering {@code workerMemory} (e.g. "3g"). */
  public static StandaloneCluster start(int workers, int coresPerWorker, String workerMemory,
      Map<String, String[]> workerResources) {
    try {
      Path home = Files.createTempDirectory("posespark-standalone-");
      // Logs stay readable after close() (tests assert on executor logs); the folder goes with the JVM.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home)));
      String executorCp = linkClassPath(home);
      StandaloneCluster cluster = new StandaloneCluster(home, freePort(), freePort(), executorCp);
      cluster.workerMemory = workerMemory;
      cluster.startMaster();
      for (int i = 0; i < workers; i++) {
        cluster.startWorker(i, coresPerWorker, workerResources);
      }
      cluster.awaitWorkers(workers);
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a standalone cluster", e);
    }
  }

  /** The master URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * A driver session builder for this cluster. A session some earlier test left open in this JVM
   * is stopped first: {@code getOrCreate} would otherwise return it, local master and all.
   */
  public SparkSession.Builder sessionBuilder(String appName) {
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
    return SparkSession.builder()
        .appName(appName)
        .master(masterUrl())
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.memory", "1g")
        .config("spark.executor.extraClassPath", executorClassPath)
        .config("spark.executor.extraJavaOptions", JAVA17_OPENS)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4");
  }

  private void startMaster() throws IOException {
    processes.add(launch("master", List.of("org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
        "--webui-port", Integer.toString(masterUiPort)), Map.of()));
  }

  private void startWorker(int index, int cores, Map<String, String[]> resources)
      throws IOException {
    Path workDir = Files.createDirectories(home.resolve("work-" + index));
    List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.worker.Worker",
        masterUrl(), "--host", "127.0.0.1", "--cores", Integer.toString(cores),
        "--memory", workerMemory, "--work-dir", workDir.toString(), "--webui-port", "0"));
    Map<String, String> props = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> r : resources.entrySet()) {
      props.put("spark.worker.resource." + r.getKey() + ".amount", r.getValue()[0]);
      props.put("spark.worker.resource." + r.getKey() + ".discoveryScript", r.getValue()[1]);
    }
    processes.add(launch("worker-" + index, args, props));
  }

  private Process launch(String name, List<String> mainAndArgs, Map<String, String> sysProps)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(List.of(JAVA17_OPENS.split(" ")));
    sysProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(home.resolve("jars").toString() + File.separator + "*");
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(home.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  /** Polls the master's JSON endpoint until {@code expected} workers are ALIVE. */
  private void awaitWorkers(int expected) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster JVM exited early; logs in " + home);
        }
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).build(),
            HttpResponse.BodyHandlers.ofString());
        Matcher m = alive.matcher(r.body());
        if (m.find() && Integer.parseInt(m.group(1)) >= expected) {
          return;
        }
      } catch (IOException e) {
        // master UI not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the cluster", e);
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException(String.format(Locale.ROOT,
        "%d workers did not register within %d s; logs in %s", expected,
        START_TIMEOUT.toSeconds(), home));
  }

  /** The log a cluster JVM wrote ("master", "worker-0", ...), for assertions and diagnosis. */
  public String log(String name) {
    try (InputStream in = Files.newInputStream(home.resolve(name + ".log"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stderr logs of every executor the workers have started so far. */
  public List<Path> executorLogs() {
    try (var files = Files.walk(home)) {
      return files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The executor JVMs worker {@code index} runs now (its child processes). */
  public List<ProcessHandle> executors(int index) {
    return processes.get(1 + index).children().filter(ProcessHandle::isAlive).toList();
  }

  /** Ends worker {@code index} and its executors with SIGKILL, for good. */
  public void killWorker(int index) {
    Process worker = processes.get(1 + index);
    List<ProcessHandle> executors = worker.descendants().toList();
    worker.destroyForcibly();
    executors.forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
  }

  /** Deletes a folder bottom-up; links are removed, never followed. Best effort: this runs at exit. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a folder left in the temp directory is not worth failing a test run for
    }
  }

  /**
   * Links every jar of the test classpath into {@code home/jars} (Spark's launcher only looks
   * there) and returns the class directories, which executors get through extraClassPath.
   */
  private static String linkClassPath(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> dirs = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        dirs.add(p.toAbsolutePath().toString());
      } else if (entry.endsWith(".jar") && Files.exists(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    return String.join(File.pathSeparator, dirs);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
