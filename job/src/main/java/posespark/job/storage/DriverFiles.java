package posespark.job.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * Files that driver-side code reads or writes whole (COCO JSON, reports), named by a local path or
 * a URI on any Hadoop file system ({@code file://}, {@code hdfs://}, {@code s3a://}, ...). Remote
 * files are streamed through a local temporary copy; local paths are used as they are.
 */
public final class DriverFiles {

  private DriverFiles() {}

  /** The Hadoop settings Spark would use ({@code spark.hadoop.*} included), before Spark starts. */
  public static Configuration hadoopConf() {
    return SparkHadoopUtil.get().newConfiguration(new SparkConf());
  }

  /** True for a plain path or a {@code file:} URI. */
  public static boolean isLocal(String uri) {
    String scheme = scheme(uri);
    return scheme == null || scheme.equals("file");
  }

  /** The URI scheme, lower case, or null for a plain path (globs and spaces tolerated). */
  public static String scheme(String uri) {
    int colon = uri.indexOf(':');
    int slash = uri.indexOf('/');
    if (colon <= 1 || (slash >= 0 && slash < colon)) {
      return null; // no scheme, or a one-letter Windows drive
    }
    String scheme = uri.substring(0, colon);
    return scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") ? scheme.toLowerCase(Locale.ROOT) : null;
  }

  /** A local path for a local {@code uri}. */
  public static java.nio.file.Path localPath(String uri) {
    return uri.startsWith("file:") ? java.nio.file.Path.of(URI.create(uri)) : java.nio.file.Path.of(uri);
  }

  public static boolean exists(String uri, Configuration conf) {
    if (isLocal(uri)) {
      return Files.exists(localPath(uri));
    }
    try {
      Path path = new Path(uri);
      return path.getFileSystem(conf).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
    }
  }

  public static boolean isDirectory(String uri, Configuration conf) {
    if (isLocal(uri)) {
      return Files.isDirectory(localPath(uri));
    }
    try {
      Path path = new Path(uri);
      return path.getFileSystem(conf).getFileStatus(path).isDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
    }
  }

  /** A local file holding the content of {@code uri} (a copy when remote, deleted on close). */
  public static LocalFile read(String uri, Configuration conf) throws IOException {
    if (isLocal(uri)) {
      return new LocalFile(localPath(uri), uri, null, false);
    }
    java.nio.file.Path copy = Files.createTempFile("posespark-", "-" + new Path(uri).getName());
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    fs.copyToLocalFile(false, path, new Path(copy.toUri()), true);
    return new LocalFile(copy, uri, null, true);
  }

  /** A local file to write; on {@link LocalFile#publish()} it goes to {@code uri} (copied when remote). */
  public static LocalFile write(String uri, Configuration conf) throws IOException {
    if (isLocal(uri)) {
      return new LocalFile(localPath(uri), uri, null, false);
    }
    java.nio.file.Path local = Files.createTempFile("posespark-", "-" + new Path(uri).getName());
    return new LocalFile(local, uri, conf, true);
  }

  /** A local file standing for a local or remote one; temporary copies are deleted on close. */
  public static final class LocalFile implements AutoCloseable {
    private final java.nio.file.Path path;
    private final String uri;
    private final Configuration publishConf;
    private final boolean temporary;

    /** @param publishConf set for a remote file to write (see {@link #publish()}) */
    private LocalFile(java.nio.file.Path path, String uri, Configuration publishConf, boolean temporary) {
      this.path = path;
      this.uri = uri;
      this.publishConf = publishConf;
      this.temporary = temporary;
    }

    public java.nio.file.Path path() {
      return path;
    }

    /** {@code message} with the temporary copy's path replaced by the file's URI (for users). */
    public String named(String message) {
      return temporary && message != null ? message.replace(path.toString(), uri) : message;
    }

    /** Copies what was written to the remote file (nothing to do for a local file). */
    public void publish() throws IOException {
      if (publishConf == null) {
        return;
      }
      Path to = new Path(uri);
      to.getFileSystem(publishConf).copyFromLocalFile(false, true, new Path(path.toUri()), to);
    }

    @Override
    public void close() throws IOException {
      if (temporary) {
        Files.deleteIfExists(path);
      }
    }
  }
}
