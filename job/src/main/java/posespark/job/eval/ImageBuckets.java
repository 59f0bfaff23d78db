package posespark.job.eval;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Records bucketed by image as the driver streams a JSON file: record {@code r} of image {@code i}
 * goes to bucket {@link ImagePartitioner#bucketOf}{@code (i, n)} — the partition the Spark side uses
 * too — as length-prefixed bytes in {@code <kind>-<bucket>.bin}. Task {@code b} then holds every
 * record of its images without a shuffle (like a bucketed table). Any Hadoop file system works (a
 * local folder for local mode and one-machine clusters; HDFS or an object store on real clusters).
 * Driver memory: one small buffer per bucket.
 */
final class ImageBuckets implements AutoCloseable {

  private static final int BUFFER = 16 * 1024;

  private final Configuration conf;
  private final Path dir;
  private final String kind;
  private final DataOutputStream[] out;
  private long count;

  ImageBuckets(Configuration conf, String dir, String kind, int buckets) {
    this.conf = conf;
    this.dir = new Path(dir);
    this.kind = kind;
    this.out = new DataOutputStream[buckets];
  }

  /** Appends a record of image {@code imageId}. */
  void add(long imageId, byte[] record) {
    int b = ImagePartitioner.bucketOf(imageId, out.length);
    try {
      if (out[b] == null) {
        Path file = file(dir.toString(), kind, b);
        out[b] = new DataOutputStream(new BufferedOutputStream(file.getFileSystem(conf).create(file, true), BUFFER));
      }
      out[b].writeInt(record.length);
      out[b].write(record);
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
  }

  long count() {
    return count;
  }

  @Override
  public void close() {
    for (int b = 0; b < out.length; b++) {
      if (out[b] != null) {
        try {
          out[b].close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + dir, e);
        }
        out[b] = null;
      }
    }
  }

  static Path file(String dir, String kind, int bucket) {
    return new Path(new Path(dir), String.format(Locale.ROOT, "%s-%05d.bin", kind, bucket));
  }

  /** All records of one bucket (in an executor); none when nothing was written to it. */
  static List<byte[]> read(String dir, String kind, int bucket) throws IOException {
    Path path = file(dir, kind, bucket);
    FileSystem fs = path.getFileSystem(new Configuration());
    List<byte[]> records = new ArrayList<>();
    if (!fs.exists(path)) {
      return records;
    }
    try (FSDataInputStream raw = fs.open(path);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
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
