package posespark.job.nightly;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease that lets one nightly run at a time write a set of tables. The lock is a small file
 * created exclusively (create-if-absent: {@code O_EXCL} on a local disk, the NameNode's atomic
 * create on HDFS) holding the holder's run id, host, pid and start. While the run lives, a
 * heartbeat refreshes the file's modification time every quarter lease. A lock is stale, and is
 * broken by the next run, when its heartbeat is older than the lease, or at once when its holder
 * ran on this host and that process is gone (a killed driver). The broken lock's contents tell the
 * next run which run died, so that it can roll that run's rows back and record it as failed.
 */
final class RunLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  /** Another live run holds the lock. */
  static final class HeldException extends Exception {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final Properties holder;
  private final Properties brokenStale;
  private final ScheduledExecutorService heartbeat;

  private RunLock(FileSystem fs, Path file, Properties holder, Properties brokenStale,
      Duration lease) {
    this.fs = fs;
    this.file = file;
    this.holder = holder;
    this.brokenStale = brokenStale;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "posespark-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(250, lease.toMillis() / 4);
    heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** What this process writes into a lock it takes (plus the caller's run description). */
  static Properties holder(String runId, Properties run) {
    Properties p = new Properties();
    p.putAll(run);
    p.setProperty("run_id", runId);
    p.setProperty("host", hostName());
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    p.setProperty("locked_at", Instant.now().toString());
    return p;
  }

  /**
   * Takes the lock at {@code file}, breaking a stale one.
   *
   * @throws HeldException when a live run holds it (the message names that run)
   */
  static RunLock acquire(Configuration conf, Path file, Properties holder, Duration lease)
      throws IOException, HeldException {
    FileSystem fs = file.getFileSystem(conf);
    fs.mkdirs(file.getParent());
    if (createExclusively(fs, file, holder)) {
      return new RunLock(fs, file, holder, null, lease);
    }
    Properties current;
    long heartbeatAt;
    try {
      current = read(fs, file);
      heartbeatAt = fs.getFileStatus(file).getModificationTime();
    } catch (FileNotFoundException released) {
      current = null;
      heartbeatAt = 0;
    }
    if (current != null && !isStale(current, heartbeatAt, lease)) {
      throw new HeldException(String.format(java.util.Locale.ROOT,
          "another nightly run holds %s (run %s, host %s, pid %s, since %s); "
              + "it ends, or its lease expires %d s after its last heartbeat",
          file, current.getProperty("run_id"), current.getProperty("host"),
          current.getProperty("pid"), current.getProperty("locked_at"), lease.toSeconds()));
    }
    if (current != null) {
      LOG.warn("breaking the stale lock of run {} (host {}, pid {})", current.getProperty("run_id"),
          current.getProperty("host"), current.getProperty("pid"));
      current.setProperty("last_heartbeat", Instant.ofEpochMilli(heartbeatAt).toString());
      fs.delete(file, false);
    }
    if (!createExclusively(fs, file, holder)) {
      throw new HeldException("another nightly run took " + file + " at the same moment");
    }
    return new RunLock(fs, file, holder, current, lease);
  }

  /** The run that died holding the lock this run broke, if it broke one. */
  Optional<Properties> brokenStale() {
    return Optional.ofNullable(brokenStale);
  }

  /** Fails unless the lock file still names this run (checked right before commits). */
  void checkHeld() throws IOException, HeldException {
    Properties now;
    try {
      now = read(fs, file);
    } catch (FileNotFoundException e) {
      throw new HeldException("this run's lock " + file + " was removed; not committing");
    }
    if (!holder.getProperty("run_id").equals(now.getProperty("run_id"))) {
      throw new HeldException("run " + now.getProperty("run_id") + " took over " + file
          + " (this run's lease expired); not committing");
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      checkHeld();
      fs.delete(file, false);
    } catch (IOException | HeldException e) {
      LOG.warn("lock {} not released: {}", file, e.getMessage());
    }
  }

  private void beat() {
    try {
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      LOG.warn("lock heartbeat failed: {}", e.toString());
    }
  }

  private static boolean isStale(Properties lock, long heartbeatAt, Duration lease) {
    if (System.currentTimeMillis() - heartbeatAt > lease.toMillis()) {
      return true;
    }
    if (!hostName().equals(lock.getProperty("host"))) {
      return false;
    }
    try {
      long pid = Long.parseLong(lock.getProperty("pid", "-1"));
      return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean createExclusively(FileSystem fs, Path file, Properties holder)
      throws IOException {
    byte[] bytes = bytes(holder);
    if ("file".equals(fs.getUri().getScheme())) {
      // Hadoop's local create(overwrite=false) checks, then creates; O_EXCL is atomic.
      java.nio.file.Path local = Paths.get(file.toUri().getPath());
      try {
        Files.write(local, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  private static Properties read(FileSystem fs, Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      IOUtils.copyBytes(in, buf, 4096, false);
      p.load(new java.io.InputStreamReader(new ByteArrayInputStream(buf.toByteArray()),
          StandardCharsets.UTF_8));
    }
    return p;
  }

  private static byte[] bytes(Properties p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "posespark nightly lock");
    return out.toByteArray();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
