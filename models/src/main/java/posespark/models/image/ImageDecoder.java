package posespark.models.image;

import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.DecodePng;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Decodes image files to {@link DecodedImage} with TensorFlow's image ops in one graph and one
 * Session (thread-safe: share one per JVM). The header is checked first ({@link ImageHeaderReader}):
 * unknown formats and images over the pixel limit are refused before any pixel is decoded.
 *
 * <p>JPEG uses {@code DecodeJpeg} with {@code dct_method=INTEGER_ACCURATE} (bit-identical to
 * libjpeg-turbo's default); PNG, GIF (first frame) and BMP use {@code DecodePng}/{@code
 * DecodeImage}. Every file becomes 3-channel RGB: gray is replicated, alpha is dropped (not
 * composited), palettes are expanded, 16-bit samples are reduced to 8 bits, CMYK JPEGs are
 * converted by TensorFlow's decoder. No ICC profile is applied. EXIF orientation is applied when
 * {@link DecodeOptions#applyExifOrientation()} is set.
 */
public final class ImageDecoder implements AutoCloseable {

  private final DecodeOptions options;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TString> input;
  private final Operand<TUint8> jpeg;
  private final Operand<TUint8> png;
  private final Operand<TUint8> other;

  /**
   * A decoder that leaves TensorFlow's CPU thread pool at its default size (all schedulable cores).
   *
   * @param options limits and EXIF handling
   * @param threads TensorFlow inter-op threads: at least the number of threads decoding at once
   */
  public ImageDecoder(DecodeOptions options, int threads) {
    this(options, threads, 0);
  }

  /**
   * @param options        limits and EXIF handling
   * @param threads        TensorFlow inter-op threads: at least the number of threads decoding at once
   * @param intraOpThreads the intra-op threads the JVM's model sessions use (0: all cores). TensorFlow
   *                       keeps one CPU intra-op pool per process, sized by the first session created;
   *                       a decoder created before the models must not size it for itself (one
   *                       thread made every model run about half as fast in the annotate job).
   */
  public ImageDecoder(DecodeOptions options, int threads, int intraOpThreads) {
    this.options = options;
    this.graph = new Graph();
    Ops tf = Ops.create(graph);
    input = tf.placeholder(TString.class);
    jpeg = tf.image.decodeJpeg(input, DecodeJpeg.channels(3L),
        DecodeJpeg.dctMethod("INTEGER_ACCURATE"));
    png = tf.image.decodePng(input, TUint8.class, DecodePng.channels(3L));
    other = tf.image.decodeImage(input, TUint8.class, DecodeImage.channels(3L),
        DecodeImage.expandAnimations(false));
    this.session = new Session(graph, sessionConfig(threads, intraOpThreads));
  }

  /** The decoder session's settings: its inter-op threads, and the shared intra-op pool's size. */
  static ConfigProto sessionConfig(int threads, int intraOpThreads) {
    return ConfigProto.newBuilder()
        .setInterOpParallelismThreads(Math.max(1, threads))
        .setIntraOpParallelismThreads(Math.max(0, intraOpThreads))
        .build();
  }

  public DecodeOptions options() {
    return options;
  }

  /** Header check, then decode; throws with a readable reason for any file that cannot be used. */
  public DecodedImage decode(byte[] file) throws ImageDecodeException {
    return decode(file, ImageHeaderReader.read(file));
  }

  /** Decodes a file whose header was already read with {@link ImageHeaderReader#read}. */
  public DecodedImage decode(byte[] file, ImageHeader header) throws ImageDecodeException {
    checkLimits(header);
    Operand<TUint8> output = switch (header.format()) {
      case JPEG -> jpeg;
      case PNG -> png;
      default -> other;
    };
    DecodedImage stored;
    try (TString bytes = TString.tensorOfBytes(NdArrays.scalarOfObject(file));
        var result = session.runner().feed(input, bytes).fetch(output).run()) {
      Tensor tensor = result.get(0);
      var shape = tensor.shape();
      if (shape.numDimensions() != 3 || shape.size(2) != 3) {
        throw new ImageDecodeException("decoder returned shape " + shape + " for a "
            + header.format().label() + " file");
      }
      int height = (int) shape.size(0);
      int width = (int) shape.size(1);
      byte[] rgb = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
      tensor.asRawTensor().data().read(rgb);
      stored = new DecodedImage(width, height, rgb);
    } catch (TensorFlowException | TFInvalidArgumentException e) {
      // TF reports bad data as TFInvalidArgumentException (an IllegalArgumentException).
      throw new ImageDecodeException("corrupt " + header.format().label() + " ("
          + header.width() + "x" + header.height() + "): " + firstLine(e.getMessage()), e);
    }
    return options.applyExifOrientation()
        ? ExifOrientation.apply(stored, header.exifOrientation()) : stored;
  }

  /** Refuses files that would be too large to decode, from their header alone. */
  public void checkLimits(ImageHeader header) throws ImageDecodeException {
    if (header.width() <= 0 || header.height() <= 0) {
      throw new ImageDecodeException(String.format(Locale.ROOT, "corrupt %s: header says %dx%d",
          header.format().label(), header.width(), header.height()));
    }
    if (header.pixels() > options.maxPixels()) {
      throw new ImageDecodeException(String.format(Locale.ROOT,
          "image too large: %dx%d = %d pixels exceeds the limit of %d (decode max-pixels)",
          header.width(), header.height(), header.pixels(), options.maxPixels()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "decoder failed";
    }
    // "jpeg::Uncompress failed. Invalid JPEG data or crop window." -> the part after the op name.
    String line = message.strip().lines().findFirst().orElse("decoder failed");
    return line.replaceFirst("^[A-Za-z:]+ failed\\. ", "").strip();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
