package posespark.eval.coco;

import java.nio.ByteBuffer;

/**
 * Compact binary form of annotations and detections (8-byte image id first), so that large
 * inputs travel between JVMs as byte arrays rather than object graphs.
 */
public final class AnnotationCodec {

  private AnnotationCodec() {}

  /** The image id every encoded record starts with. */
  public static long imageId(byte[] record) {
    return ByteBuffer.wrap(record).getLong(0);
  }

  public static byte[] encode(GtAnnotation a) {
    double[] kps = a.keypoints();
    ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + 8 + 8 + 1 + 4 + 32 + 4 + 8 * (kps == null ? 0 : kps.length));
    b.putLong(a.imageId()).putLong(a.seq()).putInt(a.categoryId()).putLong(a.id()).putDouble(a.area())
        .put((byte) (a.crowd() ? 1 : 0)).putInt(a.numKeypoints());
    putDoubles(b, a.bbox());
    putArray(b, kps);
    return b.array();
  }

  public static GtAnnotation decodeGt(byte[] record) {
    ByteBuffer b = ByteBuffer.wrap(record);
    long imageId = b.getLong();
    long seq = b.getLong();
    int categoryId = b.getInt();
    long id = b.getLong();
    double area = b.getDouble();
    boolean crowd = b.get() != 0;
    int numKeypoints = b.getInt();
    double[] bbox = getDoubles(b, 4);
    return new GtAnnotation(seq, imageId, categoryId, id, area, crowd, numKeypoints, bbox, getArray(b));
  }

  public static byte[] encode(Detection d) {
    double[] kps = d.keypoints();
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 + 8 + 8 + 32 + 4 + 8 * (kps == null ? 0 : kps.length));
    b.putLong(d.imageId()).putInt(d.categoryId()).putLong(d.seq()).putDouble(d.score()).putDouble(d.area());
    putDoubles(b, d.bbox());
    putArray(b, kps);
    return b.array();
  }

  public static Detection decodeDetection(byte[] record) {
    ByteBuffer b = ByteBuffer.wrap(record);
    long imageId = b.getLong();
    int categoryId = b.getInt();
    long seq = b.getLong();
    double score = b.getDouble();
    double area = b.getDouble();
    double[] bbox = getDoubles(b, 4);
    return new Detection(imageId, categoryId, seq, score, area, bbox, getArray(b));
  }

  private static void putDoubles(ByteBuffer b, double[] v) {
    for (double x : v) {
      b.putDouble(x);
    }
  }

  private static void putArray(ByteBuffer b, double[] v) {
    if (v == null) {
      b.putInt(-1);
      return;
    }
    b.putInt(v.length);
    putDoubles(b, v);
  }

  private static double[] getDoubles(ByteBuffer b, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = b.getDouble();
    }
    return v;
  }

  private static double[] getArray(ByteBuffer b) {
    int n = b.getInt();
    return n < 0 ? null : getDoubles(b, n);
  }
}
