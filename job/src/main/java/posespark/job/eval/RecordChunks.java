package posespark.job.eval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Length-prefixed binary records in numbered chunk files: the driver streams a large JSON file
 * into them with bounded memory, and executors read one chunk per task. Any Hadoop file system
 * works (a local folder for local mode and one-machine clusters, HDFS or an object store for real
 * clusters).
 */
final class RecordChunks implements AutoCloseable {

  private final Configuration conf;
  private final Path dir;
  private final String prefix;
  private final int recordsPerChunk;
  private final List<String> files = new ArrayList<>();
  private DataOutputStream out;
  private int inChunk;
  private long total;

  RecordChunks(Configuration conf, Path dir, String prefix, int recordsPerChunk) {
    this.conf = conf;
    this.dir = dir;
    this.prefix = prefix;
    this.recordsPerChunk = recordsPerChunk;
  }

  void add(byte[] record) {
    try {
      if (out == null || inChunk == recordsPerChunk) {
        roll();
      }
      out.writeInt(record.length);
      out.write(record);
      inChunk++;
      total++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
  }

  private void roll() throws IOException {
    if (out != null) {
      out.close();
    }
    Path file = new Path(dir, String.format(java.util.Locale.ROOT, "%s-%05d.bin", prefix, files.size()));
    out = new DataOutputStream(new java.io.BufferedOutputStream(file.getFileSystem(conf).create(file, true), 1 << 16));
    files.add(file.toString());
    inChunk = 0;
  }

  /** The chunk files written so far (closes the open one). */
  List<String> files() {
    close();
    return List.copyOf(files);
  }

  long count() {
    return total;
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + dir, e);
      }
      out = null;
    }
  }

  /** Reads all records of one chunk file (in an executor). */
  static List<byte[]> read(String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(new Configuration());
    List<byte[]> records = new ArrayList<>();
    try (FSDataInputStream raw = fs.open(path);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
      while (true) {
        int n;
        try {
          n = in.readInt();
        } catch (EOFException end) {
          break;
        }
        byte[] record = new byte[n];
        in.readFully(record);
        records.add(record);
      }
    }
    return records;
  }
}
