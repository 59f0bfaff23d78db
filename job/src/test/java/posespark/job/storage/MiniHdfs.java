package posespark.job.storage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A real HDFS (NameNode + one DataNode, Hadoop's {@code MiniDFSCluster}) in a separate JVM on
 * 127.0.0.1, for tests. Clients in the test JVM reach it through Spark's own Hadoop client:
 * {@code hdfs://127.0.0.1:PORT/...} URIs need no further settings.
 *
 * <pre>{@code
 * try (MiniHdfs hdfs = MiniHdfs.start(tmp.resolve("hdfs"))) {
 *   String input = hdfs.uri("/photos");   // hdfs://127.0.0.1:PORT/photos
 *   hdfs.fileSystem(conf).copyFromLocalFile(...);
 * }
 * }</pre>
 */
public final class MiniHdfs implements AutoCloseable {

  private final ServerProcess process;
  private final String root;

  private MiniHdfs(ServerProcess process, String root) {
    this.process = process;
    this.root = root;
  }

  /** Starts the cluster with its data under {@code dir}; returns once the NameNode is active. */
  public static MiniHdfs start(Path dir) {
    Path ready = dir.resolve("ready");
    List<String> cp = new ArrayList<>();
    cp.add(ServerProcess.testClasses().toString());
    try (Stream<Path> jars = Files.list(ServerProcess.serverJars("hdfs"))) {
      jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> cp.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServerProcess process = ServerProcess.start("HDFS test server", dir, List.of(
        "-cp", String.join(File.pathSeparator, cp),
        StdinWatchdog.class.getName(), MiniHdfsServer.class.getName(),
        dir.resolve("data").toString(), ready.toString()));
    process.awaitReady(() -> Files.exists(ready), Duration.ofSeconds(90));
    try {
      return new MiniHdfs(process, Files.readString(ready, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      process.close();
      throw new UncheckedIOException(e);
    }
  }

  /** {@code hdfs://127.0.0.1:PORT} */
  public String uri() {
    return root;
  }

  /** The URI of an absolute path on this file system, e.g. {@code uri("/data/x.jpg")}. */
  public String uri(String absolutePath) {
    return root + (absolutePath.startsWith("/") ? "" : "/") + absolutePath;
  }

  /** A client of this file system (cached by Hadoop per URI and user; do not close it). */
  public FileSystem fileSystem(Configuration conf) {
    try {
      return FileSystem.get(java.net.URI.create(root), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
