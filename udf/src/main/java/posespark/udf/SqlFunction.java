package posespark.udf;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction1;

/**
 * One SQL function: its name, the usage line {@code DESCRIBE FUNCTION} shows, and the builder that
 * turns the analysed arguments into a Catalyst expression.
 *
 * @param name    SQL name
 * @param usage   signature and one-line meaning
 * @param builder from the resolved arguments to the expression
 */
public record SqlFunction(String name, String usage, Builder builder) {

  /** Builds the function's expression from its resolved arguments. */
  @FunctionalInterface
  public interface Builder extends Serializable {
    Expression build(List<Expression> args);
  }

  FunctionIdentifier identifier() {
    return FunctionIdentifier.apply(name);
  }

  ExpressionInfo info() {
    return new ExpressionInfo(PoseKernels.class.getName(), null, name, usage, "");
  }

  /** The builder in the form Spark's function registry takes. */
  scala.Function1<Seq<Expression>, Expression> sparkBuilder() {
    return new ScalaBuilder(builder);
  }

  private static final class ScalaBuilder extends AbstractFunction1<Seq<Expression>, Expression>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Builder builder;

    ScalaBuilder(Builder builder) {
      this.builder = builder;
    }

    @Override
    public Expression apply(Seq<Expression> args) {
      return builder.build(JavaConverters.seqAsJavaList(args));
    }
  }

}
