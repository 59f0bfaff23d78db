package posespark.job.annotate;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Spreads rows over partitions whose sizes differ by at most one: row i goes to partition
 * {@code i mod n}. Spark's round-robin {@code repartition(n)} starts each input partition at a
 * random offset, so with few rows per partition some partitions get twice the average and others
 * none, and the inference stage ends on a straggler. Row numbers follow the input's order (a
 * sorted file listing or manifest), so a recomputed partition gets the same rows.
 */
final class EvenPartitions {

  private EvenPartitions() {}

  /** {@code rows} in {@code partitions} partitions of equal size (within one row). */
  static Dataset<Row> spread(SparkSession spark, Dataset<Row> rows, int partitions) {
    JavaRDD<Row> even = rows.toJavaRDD().zipWithIndex()
        .mapToPair(r -> new Tuple2<>((int) (r._2() % partitions), r._1()))
        .partitionBy(new Slots(partitions))
        .values();
    return spark.createDataFrame(even, rows.schema());
  }

  /** Partition i holds the rows whose key is i. */
  private static final class Slots extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    Slots(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Slots s && s.partitions == partitions;
    }

    @Override
    public int hashCode() {
      return partitions;
    }
  }
}
