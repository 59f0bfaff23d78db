package posespark.job.nightly;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.job.annotate.PausePoints;
import posespark.job.table.RunsTable;

/**
 * Nightly runs into Iceberg tables {@code <catalog>.<namespace>.{poses,images,runs}}, partitioned
 * by {@code dataset} and {@code days(run_date)} ({@code run_date} is a {@code date} here). Each run
 * appends one snapshot per table whose summary carries {@value #RUN_ID} and
 * {@value #CONFIG_DIGEST}. Columns added by a newer posespark are added to an existing table
 * ({@code ALTER TABLE ... ADD COLUMNS}); rows of older runs read them as null.
 */
final class IcebergNightlyTables implements NightlyTables {

  /** Snapshot summary key: the run that wrote the snapshot. */
  static final String RUN_ID = "posespark.run-id";
  /** Snapshot summary key: the run's configuration digest. */
  static final String CONFIG_DIGEST = "posespark.config-digest";

  private static final Logger LOG = LoggerFactory.getLogger(IcebergNightlyTables.class);

  private final SparkSession spark;
  private final IcebergCatalog catalog;
  private final Map<String, StructType> schemas;

  /** @param schemas each table's schema as the job writes it ({@code run_date} a string) */
  IcebergNightlyTables(SparkSession spark, IcebergCatalog catalog, Map<String, StructType> schemas) {
    this.spark = spark;
    this.catalog = catalog;
    this.schemas = schemas;
    catalog.configure(spark);
  }

  @Override
  public String location() {
    return catalog.describe();
  }

  @Override
  public Dataset<Row> read(String table, StructType schema) {
    if (!spark.catalog().tableExists(catalog.table(table))) {
      return spark.createDataFrame(List.of(), schema);
    }
    return NightlyTables.conform(spark.table(catalog.table(table)), schema);
  }

  @Override
  public void rollBack(String runId) {
    for (String name : List.of("poses", "images")) {
      if (!spark.catalog().tableExists(catalog.table(name))) {
        continue;
      }
      Table table = load(name);
      // The files the dead run's snapshot added hold its rows and nothing else.
      DeleteFiles delete = table.newDelete().set("posespark.rolled-back-run", runId);
      int files = 0;
      for (Snapshot s : table.snapshots()) {
        if (runId.equals(s.summary().get(RUN_ID))) {
          for (DataFile f : s.addedDataFiles(table.io())) {
            delete.deleteFile(f);
            files++;
          }
        }
      }
      if (files > 0) {
        LOG.warn("rolling back {} of run {}: {} data files", name, runId, files);
        delete.commit();
      }
    }
  }

  @Override
  public void commit(String runId, String configDigest, Dataset<Row> images, Dataset<Row> poses,
      Dataset<Row> runRow, RunLock lock) throws Exception {
    ensureTables();
    lock.checkHeld();
    append("poses", poses, runId, configDigest);
    PausePoints.reach(PausePoints.committed("poses"));
    append("images", images, runId, configDigest);
    PausePoints.reach(PausePoints.committed("images"));
    append(RunsTable.NAME, runRow, runId, configDigest);
  }

  @Override
  public void appendRun(String runId, String configDigest, Dataset<Row> runRow) {
    ensureTables();
    append(RunsTable.NAME, runRow, runId, configDigest);
  }

  private void append(String table, Dataset<Row> rows, String runId, String configDigest) {
    try {
      rows.withColumn("run_date", col("run_date").cast(DataTypes.DateType))
          .writeTo(catalog.table(table))
          .option("snapshot-property." + RUN_ID, runId)
          .option("snapshot-property." + CONFIG_DIGEST, configDigest)
          .append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("Iceberg table " + catalog.table(table) + " vanished", e);
    }
  }

  /** Creates missing tables, adds missing columns to existing ones. */
  private void ensureTables() {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog.namespaceName());
    schemas.forEach((name, schema) -> {
      StructType stored = icebergSchema(schema);
      String table = catalog.table(name);
      if (!spark.catalog().tableExists(table)) {
        spark.sql(String.format(Locale.ROOT,
            "CREATE TABLE IF NOT EXISTS %s (%s) USING iceberg PARTITIONED BY (dataset, days(run_date))",
            table, stored.toDDL()));
        LOG.info("created Iceberg table {}", table);
        return;
      }
      List<String> have = List.of(spark.table(table).columns());
      List<String> missing = new ArrayList<>();
      for (StructField f : stored.fields()) {
        if (!have.contains(f.name())) {
          missing.add("`" + f.name() + "` " + f.dataType().sql());
        }
      }
      if (!missing.isEmpty()) {
        LOG.info("adding columns to {}: {}", table, missing);
        spark.sql("ALTER TABLE " + table + " ADD COLUMNS (" + String.join(", ", missing) + ")");
      }
    });
  }

  /** The job's schema with {@code run_date} as a date; added columns are nullable. */
  static StructType icebergSchema(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      out = f.name().equals("run_date")
          ? out.add("run_date", DataTypes.DateType, true) : out.add(f);
    }
    return out;
  }

  private Table load(String name) {
    try {
      return Spark3Util.loadIcebergTable(spark, catalog.table(name));
    } catch (Exception e) {
      throw new IllegalStateException("cannot load Iceberg table " + catalog.table(name) + ": " + e,
          e);
    }
  }
}
