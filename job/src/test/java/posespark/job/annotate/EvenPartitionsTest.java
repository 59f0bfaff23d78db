package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import posespark.job.spark.LocalSpark;

/**
 * Rows from several unevenly filled input partitions end up in partitions whose sizes differ by
 * at most one, every row exactly once (round-robin repartitioning leaves some empty here).
 */
class EvenPartitionsTest {

  @Test
  void partitionSizesDifferByAtMostOneAndKeepEveryRow() {
    SparkSession spark = LocalSpark.get();
    List<Integer> ids = IntStream.range(0, 50).boxed().toList();
    Dataset<Row> rows = spark.createDataset(ids, Encoders.INT()).toDF("image_id").repartition(3)
        .where("image_id % 7 <> 3");
    long total = rows.count();

    Dataset<Row> even = EvenPartitions.spread(spark, rows, 12);
    List<Integer> sizes = even.toJavaRDD().glom().map(List::size).collect();

    assertThat(sizes).as("partition sizes").hasSize(12)
        .allMatch(n -> n == total / 12 || n == total / 12 + 1);
    assertThat(even.as(Encoders.INT()).collectAsList()).as("rows")
        .containsExactlyInAnyOrderElementsOf(rows.as(Encoders.INT()).collectAsList());
  }
}
