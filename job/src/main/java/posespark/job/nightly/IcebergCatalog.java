package posespark.job.nightly;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The Iceberg catalog the nightly tables live in, registered in Spark as catalog {@value #NAME}:
 * {@code hadoop} (tables as folders under the warehouse path, no server; its commit renames a
 * metadata file, so only on file systems with an atomic rename: HDFS, local disks), {@code jdbc}
 * (the metadata pointer in a database table at {@code spark.sql.catalog.posespark.uri}, swapped
 * by a conditional update; data and metadata files on any Hadoop file system, S3 included),
 * {@code rest} (an Iceberg REST catalog at {@code spark.sql.catalog.posespark.uri}) or {@code hive}
 * (a Hive metastore at {@code spark.sql.catalog.posespark.uri}). Settings given with
 * {@code --spark-conf spark.sql.catalog.posespark.*} (endpoints, credentials, {@code io-impl})
 * win over the ones derived here.
 *
 * @param type      hadoop, jdbc, rest or hive
 * @param warehouse the warehouse URI (any Hadoop file system for hadoop; passed as is otherwise)
 * @param namespace the namespace holding the three tables
 */
record IcebergCatalog(String type, String warehouse, String namespace) {

  /** The Spark catalog name. */
  static final String NAME = "posespark";

  IcebergCatalog {
    if (!type.matches("hadoop|jdbc|rest|hive")) {
      throw new IllegalArgumentException("--catalog must be hadoop, jdbc, rest or hive, not '"
          + type + "'");
    }
    if (!namespace.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("--namespace '" + namespace
          + "' may hold only letters, digits and '_'");
    }
  }

  void configure(SparkSession spark) {
    String prefix = "spark.sql.catalog." + NAME;
    if ((type.equals("jdbc") || type.equals("rest")) && !spark.conf().contains(prefix + ".uri")) {
      throw new IllegalArgumentException("--catalog " + type + " needs --spark-conf " + prefix
          + ".uri=" + (type.equals("jdbc") ? "jdbc:..." : "https://...") + " (where the catalog "
          + "is)");
    }
    setIfAbsent(spark, prefix, "org.apache.iceberg.spark.SparkCatalog");
    setIfAbsent(spark, prefix + ".type", type);
    setIfAbsent(spark, prefix + ".warehouse", warehouse);
    if (!spark.conf().get(prefix + ".warehouse").equals(warehouse)) {
      org.slf4j.LoggerFactory.getLogger(IcebergCatalog.class).warn(
          "Spark catalog {} is already set to warehouse {}; --warehouse {} is not used",
          NAME, spark.conf().get(prefix + ".warehouse"), warehouse);
    }
    // Plans must see what other processes committed a moment ago, not a cached snapshot.
    setIfAbsent(spark, prefix + ".cache-enabled", "false");
  }

  String namespaceName() {
    return NAME + "." + namespace;
  }

  String table(String name) {
    return NAME + "." + namespace + "." + name;
  }

  String describe() {
    return String.format(Locale.ROOT, "iceberg %s catalog %s, namespace %s", type, warehouse,
        namespace);
  }

  private static void setIfAbsent(SparkSession spark, String key, String value) {
    if (!spark.conf().contains(key)) {
      spark.conf().set(key, value);
    }
  }
}
