package posespark.job.render;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import posespark.models.image.DecodeOptions;
import posespark.models.image.DecodedImage;
import posespark.models.image.ExifOrientation;
import posespark.models.image.ImageDecodeException;
import posespark.models.image.ImageDecoder;
import posespark.models.image.ImageHeader;
import posespark.models.image.ImageHeaderReader;
import posespark.models.render.PictureFiles;
import posespark.models.render.PoseOverlay;

/**
 * Reads an original image (any Hadoop file system), decodes it as the annotate job does
 * (TensorFlow, bit-exact JPEG), draws the poses and returns the encoded picture.
 *
 * <p>EXIF orientation: the table's keypoints refer to the displayed image when the run applied the
 * orientation (folders, manifests) and to the stored pixels when it did not (COCO JSON input). The
 * table's width and height tell which for 90° turns; other orientations are applied.
 */
final class PictureDrawer implements AutoCloseable {

  /** Decoding limit: the annotate default; larger images were refused there and have no poses. */
  private static final long MAX_PIXELS = 50_000_000L;

  private final Configuration conf;
  private final PoseOverlay overlay;
  private final int maxSide;
  private ImageDecoder decoder;

  /** @param maxSide longest side of the picture (drawn at full size, then scaled down); 0: as is */
  PictureDrawer(Configuration conf, double minScore, int maxSide) {
    this.conf = conf;
    this.overlay = new PoseOverlay(minScore);
    this.maxSide = maxSide;
  }

  /** The encoded picture (PNG or JPEG, by the task's file name). */
  byte[] draw(PictureTask task) throws IOException, ImageDecodeException {
    byte[] file = read(task.uri());
    ImageHeader header = ImageHeaderReader.read(file);
    if (decoder == null) {
      decoder = new ImageDecoder(new DecodeOptions(MAX_PIXELS, false), 1);
    }
    DecodedImage stored = decoder.decode(file, header);
    boolean tableHasStoredSize = task.width() != null && task.width() == stored.width()
        && task.height() != null && task.height() == stored.height();
    DecodedImage shown = header.orientationSwapsAxes() && tableHasStoredSize
        ? stored : ExifOrientation.apply(stored, header.exifOrientation());
    BufferedImage picture = overlay.draw(PictureFiles.toBufferedImage(shown), task.poses());
    if (maxSide > 0) {
      picture = PictureFiles.fit(picture, maxSide);
    }
    String name = task.fileName();
    return PictureFiles.encode(picture, name.substring(name.lastIndexOf('.') + 1));
  }

  private byte[] read(String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    long length;
    try {
      length = fs.getFileStatus(path).getLen();
    } catch (FileNotFoundException e) {
      throw new IOException("cannot read " + uri + ": no such file", e);
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException(String.format(Locale.ROOT, "cannot read %s: %d bytes is too large", uri, length));
    }
    byte[] bytes = new byte[(int) length];
    try (InputStream in = fs.open(path)) {
      IOUtils.readFully(in, bytes, 0, bytes.length);
    }
    return bytes;
  }

  @Override
  public void close() {
    if (decoder != null) {
      decoder.close();
    }
  }
}
