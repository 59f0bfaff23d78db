package posespark.udf;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * {@code spark.sql.extensions=posespark.udf.PoseSqlExtensions}: every session Spark builds with
 * this setting (spark-sql shells, the Thrift server, notebooks, jobs) has posespark's SQL functions,
 * with no code to call.
 */
public final class PoseSqlExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    PoseFunctions.injectInto(extensions);
    return BoxedUnit.UNIT;
  }
}
