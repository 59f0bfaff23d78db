package posespark.job.nightly;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/**
 * What identifies an input file's version, looked up on the executors (one status call per file,
 * on any Hadoop file system): size and modification time, and with {@code --content-hash} the
 * SHA-256 of its bytes (a full read). A file that cannot be looked up keeps nulls; it is then
 * always new or changed, and the annotation records why it cannot be read.
 */
final class FileFingerprints implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  /** The input's listing with fingerprints. */
  static final StructType SCHEMA = new StructType()
      .add("image_id", DataTypes.LongType, false)
      .add("uri", DataTypes.StringType, false)
      .add("file_size", DataTypes.LongType, true)
      .add("file_mtime", DataTypes.TimestampType, true)
      .add("content_sha256", DataTypes.StringType, true);

  private final Broadcast<SerializableConfiguration> conf;
  private final boolean contentHash;

  FileFingerprints(Broadcast<SerializableConfiguration> conf, boolean contentHash) {
    this.conf = conf;
    this.contentHash = contentHash;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Configuration hadoop = conf.value().value();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        String uri = r.getString(1);
        try {
          Path path = new Path(uri);
          FileSystem fs = path.getFileSystem(hadoop);
          FileStatus status = fs.getFileStatus(path);
          String hash = contentHash && status.isFile() ? sha256(fs, path) : null;
          return RowFactory.create(r.getLong(0), uri, status.getLen(),
              new Timestamp(status.getModificationTime()), hash);
        } catch (FileNotFoundException | IllegalArgumentException e) {
          return RowFactory.create(r.getLong(0), uri, null, null, null);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot look up " + uri, e);
        }
      }
    };
  }

  private static String sha256(FileSystem fs, Path path) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = fs.open(path)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
