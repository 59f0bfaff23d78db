package posespark.job.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * Main class of the HDFS test server (run by {@link MiniHdfs} in its own JVM, on the classpath of
 * {@code hadoop-client-minicluster}): a NameNode and one DataNode on 127.0.0.1, ports chosen by
 * the system. Writes the file system's URI to the ready file once the cluster is active. Started
 * through {@link StdinWatchdog}, so it stops when the test JVM is gone.
 *
 * <p>Arguments: {@code BASE_DIR READY_FILE}.
 */
public final class MiniHdfsServer {

  private MiniHdfsServer() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, args[0]);
    conf.setBoolean("dfs.permissions.enabled", false);
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    // Small blocks so that even test files span several blocks (and DataNode reads are exercised).
    conf.setLong("dfs.blocksize", 1 << 20);
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 1 << 16);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    cluster.waitActive();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutdown));
    String uri = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
    Path ready = Path.of(args[1]);
    Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
    Files.writeString(tmp, uri, StandardCharsets.UTF_8);
    Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("MiniHdfsServer ready at " + uri);
  }
}
