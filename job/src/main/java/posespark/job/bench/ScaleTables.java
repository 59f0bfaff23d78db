package posespark.job.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import posespark.job.nightly.NightlyPlanning;
import posespark.job.table.PoseTables;
import posespark.job.table.RunsTable;

/**
 * A generated committed {@code images} table for a manifest written by {@link ScalePlanning}
 * (entries named {@code .../NNNNNNN-photo}), in the plain Parquet layout the nightly mode reads:
 * one run's {@code images} rows and its {@code ok} runs row. Entry {@code i} of {@code n} gets a
 * row with the file's real size and modification time (known), the same with a modification time
 * an hour earlier (changed), or no row (new), so that a plan of the manifest must count exactly
 * {@link Expected}.
 */
public final class ScaleTables {

  /** The dataset and run the generated rows belong to. */
  public static final String DATASET = "scale";
  public static final String RUN_DATE = "2026-11-01";
  public static final String RUN_ID = "r20261101T000000Z-scale0";

  /** The plan counts the generated table implies. */
  public record Expected(long created, long known, long changed) {
    public String line() {
      return String.format(Locale.ROOT, "new=%d known=%d changed=%d", created, known, changed);
    }
  }

  private ScaleTables() {}

  /**
   * Writes the tables under {@code output} for the first {@code n - created} entries of
   * {@code manifest}: the last {@code changed} of them with a stale modification time.
   * {@code photos} are the link targets in the order {@link ScalePlanning#generate} cycles them.
   */
  public static Expected write(SparkSession spark, String manifest, List<String> photos, int n,
      int created, int changed, String output) throws IOException {
    if (created + changed > n) {
      throw new IllegalArgumentException("new + changed exceed " + n);
    }
    // Sizes and times through the same Hadoop status call the nightly fingerprints make.
    List<Column> sizes = new ArrayList<>();
    List<Column> times = new ArrayList<>();
    FileSystem fs = new org.apache.hadoop.fs.Path(photos.get(0))
        .getFileSystem(spark.sparkContext().hadoopConfiguration());
    for (String photo : photos) {
      FileStatus status = fs.getFileStatus(new org.apache.hadoop.fs.Path(photo));
      sizes.add(lit(status.getLen()));
      times.add(lit(new Timestamp(status.getModificationTime())));
    }
    long committed = (long) n - created;
    long firstChanged = committed - changed;
    Column index = regexp_extract(col("uri"), "/([0-9]+)-[^/]*$", 1).cast("long");
    Column source = pmod(col("i"), lit(photos.size())).plus(1).cast("int");
    Column mtime = element_at(org.apache.spark.sql.functions.array(times.toArray(Column[]::new)),
        source);
    Dataset<Row> rows = spark.read().text(manifest).select(col("value").as("uri"))
        .withColumn("i", index)
        .where(col("i").lt(committed))
        .select(col("i").as("image_id"), col("uri"),
            element_at(org.apache.spark.sql.functions.array(sizes.toArray(Column[]::new)), source)
                .as("file_size"),
            when(col("i").geq(firstChanged), mtime.minus(org.apache.spark.sql.functions.expr(
                "INTERVAL 1 HOUR"))).otherwise(mtime).as("file_mtime"),
            lit("ok").as("status"));
    String images = output + "/images/" + partition();
    conform(rows, NightlyPlanning.imagesSchema(spark)).write().mode(SaveMode.ErrorIfExists)
        .parquet(images);

    Timestamp at = Timestamp.from(Instant.parse(RUN_DATE + "T01:00:00Z"));
    Row run = RowFactory.create(at, at, "ok", null, manifest, "none", "generated", "generated",
        scala.collection.immutable.Map$.MODULE$.empty(), committed, 0L, 0L, 0.0, null,
        "generated", DATASET, RUN_DATE, RUN_ID);
    conform(spark.createDataFrame(List.of(run), RunsTable.SCHEMA), RunsTable.SCHEMA).coalesce(1)
        .write().mode(SaveMode.ErrorIfExists).parquet(output + "/" + RunsTable.NAME + "/"
            + partition());
    return new Expected(created, firstChanged, changed);
  }

  private static String partition() {
    return "dataset=" + DATASET + "/run_date=" + RUN_DATE + "/run_id=" + RUN_ID;
  }

  /** {@code df} in {@code schema}'s column order without the partition columns (the folders). */
  private static Dataset<Row> conform(Dataset<Row> df, StructType schema) {
    List<String> have = Arrays.asList(df.columns());
    List<String> partitions = Arrays.asList(PoseTables.PARTITIONS);
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (partitions.contains(f.name())) {
        continue;
      }
      cols.add(have.contains(f.name()) ? col(f.name()).cast(f.dataType()).as(f.name())
          : lit(null).cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }
}
