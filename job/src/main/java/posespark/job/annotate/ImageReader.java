package posespark.job.annotate;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import posespark.models.image.DecodedImage;
import posespark.models.image.ImageDecodeException;
import posespark.models.image.ImageDecoder;
import posespark.models.image.ImageHeader;
import posespark.models.image.ImageHeaderReader;

/**
 * Reads one input file (any Hadoop file system) and decodes it: size check, header check, then
 * decode. Every failure becomes a readable reason, never an exception, so one bad file cannot fail
 * a task.
 */
class ImageReader {

  private final Configuration conf;
  private final long maxFileBytes;
  private final ImageDecoder decoder;

  ImageReader(Configuration conf, long maxFileBytes, ImageDecoder decoder) {
    this.conf = conf;
    this.maxFileBytes = maxFileBytes;
    this.decoder = decoder;
  }

  /** The outcome for one file: an image, or an error; the header size when it could be read. */
  record Outcome(DecodedImage image, Integer width, Integer height, String error,
      double readMs, double decodeMs) {}

  Outcome read(String uri) {
    long t0 = System.nanoTime();
    byte[] bytes;
    try {
      bytes = readBytes(uri);
    } catch (IOException | IllegalArgumentException e) {
      return new Outcome(null, null, null, "cannot read file: " + describe(e), ms(t0), 0);
    }
    long t1 = System.nanoTime();
    ImageHeader header;
    try {
      header = ImageHeaderReader.read(bytes);
    } catch (ImageDecodeException e) {
      return new Outcome(null, null, null, e.getMessage(), ms(t0, t1), ms(t1));
    }
    boolean swap = decoder.options().applyExifOrientation() && header.orientationSwapsAxes();
    Integer width = swap ? header.height() : header.width();
    Integer height = swap ? header.width() : header.height();
    try {
      DecodedImage image = decoder.decode(bytes, header);
      return new Outcome(image, image.width(), image.height(), null, ms(t0, t1), ms(t1));
    } catch (ImageDecodeException e) {
      return new Outcome(null, width, height, e.getMessage(), ms(t0, t1), ms(t1));
    } catch (RuntimeException | OutOfMemoryError e) {
      return new Outcome(null, width, height, "decoding failed: " + describe(e), ms(t0, t1), ms(t1));
    }
  }

  private byte[] readBytes(String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status = fs.getFileStatus(path);
    if (status.isDirectory()) {
      throw new IOException("is a directory");
    }
    long length = status.getLen();
    if (length > maxFileBytes) {
      throw new IOException(String.format(Locale.ROOT,
          "file too large: %d bytes exceeds the limit of %d (annotate max-file-bytes)", length,
          maxFileBytes));
    }
    byte[] bytes = new byte[(int) length];
    try (InputStream in = fs.open(path)) {
      IOUtils.readFully(in, bytes, 0, bytes.length);
    }
    return bytes;
  }

  private static String describe(Throwable e) {
    if (e instanceof FileNotFoundException) {
      return "no such file";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }

  private static double ms(long from) {
    return ms(from, System.nanoTime());
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
  }
}
