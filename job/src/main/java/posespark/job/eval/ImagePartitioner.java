package posespark.job.eval;

import org.apache.spark.Partitioner;

/**
 * Spreads image ids over partitions by a mixed hash: COCO-style ids often share a stride (e.g.
 * every third number), and Spark's default {@code hashCode mod n} would then put every image in
 * the same partition.
 */
final class ImagePartitioner extends Partitioner {

  private static final long serialVersionUID = 1L;

  private final int partitions;

  ImagePartitioner(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return bucketOf(((Number) key).longValue(), partitions);
  }

  /** The bucket (partition) of an image id among {@code n}. */
  static int bucketOf(long imageId, int n) {
    return (int) Long.remainderUnsigned(mix(imageId), n);
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePartitioner && ((ImagePartitioner) o).partitions == partitions;
  }

  @Override
  public int hashCode() {
    return partitions;
  }
}
