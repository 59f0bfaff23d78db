package posespark.job.nightly;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The Iceberg catalog the nightly tables live in, registered in Spark as catalog {@value #NAME}:
 * {@code hadoop} (tables as folders under the warehouse path, on any Hadoop file system, no server),
 * {@code rest} (an Iceberg REST catalog at {@code spark.sql.catalog.posespark.uri}) or {@code hive}
 * (a Hive metastore at {@code spark.sql.catalog.posespark.uri}). Settings given with
 * {@code --spark-conf spark.sql.catalog.posespark.*} (endpoints, credentials, {@code io-impl})
 * win over the ones derived here.
 *
 * @param type      hadoop, rest or hive
 * @param warehouse the warehouse URI (any Hadoop file system for hadoop; passed as is otherwise)
 * @param namespace the namespace holding the three tables
 */
record IcebergCatalog(String type, String warehouse, String namespace) {

  /** The Spark catalog name. */
  static final String NAME = "posespark";

  IcebergCatalog {
    if (!type.matches("hadoop|rest|hive")) {
      throw new IllegalArgumentException("--catalog must be hadoop, rest or hive, not '" + type + "'");
    }
    if (!namespace.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("--namespace '" + namespace
          + "' may hold only letters, digits and '_'");
    }
  }

  void configure(SparkSession spark) {
    String prefix = "spark.sql.catalog." + NAME;
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
