package posespark.udf;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Checks a SQL function's resolved arguments when the query is analysed and brings them to the
 * types {@link PoseKernels} reads (casting float or integer fields to double), so that a mistake
 * reads as one line naming the function and the argument instead of a generated-code error.
 */
final class SqlArguments {

  /** The poses table's keypoint struct. */
  static final StructType KEYPOINT = new StructType()
      .add("x", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false)
      .add("score", DataTypes.DoubleType, false);

  static final ArrayType KEYPOINTS = DataTypes.createArrayType(KEYPOINT, false);

  static final StructType BBOX = new StructType()
      .add("x", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false)
      .add("w", DataTypes.DoubleType, false)
      .add("h", DataTypes.DoubleType, false);

  private final String function;

  SqlArguments(String function) {
    this.function = function;
  }

  /** Throws unless the call has between {@code min} and {@code max} arguments. */
  void arity(List<Expression> args, int min, int max) {
    if (args.size() < min || args.size() > max) {
      String wanted = min == max ? String.valueOf(min) : min + " to " + max;
      throw new IllegalArgumentException(function + ": takes " + wanted + " arguments, got " + args.size());
    }
  }

  /** An {@code array<struct<x, y, score>>} argument (the poses table's {@code keypoints}). */
  Expression keypoints(Expression e, String name) {
    if (e.dataType() instanceof NullType) {
      return Literal.create(null, KEYPOINTS);
    }
    if (!(e.dataType() instanceof ArrayType at) || !(at.elementType() instanceof StructType st)
        || !hasNumericFields(st, "x", "y", "score")) {
      throw wrongType(name, "array<struct<x, y, score>> (the poses table's keypoints)", e.dataType());
    }
    return castUnlessSame(e, KEYPOINTS);
  }

  /** A {@code struct<x, y, w, h>} argument (the poses table's {@code bbox}). */
  Expression box(Expression e, String name) {
    if (e.dataType() instanceof NullType) {
      return Literal.create(null, BBOX);
    }
    if (!(e.dataType() instanceof StructType st) || !hasNumericFields(st, "x", "y", "w", "h")) {
      throw wrongType(name, "struct<x, y, w, h> (the poses table's bbox)", e.dataType());
    }
    return castUnlessSame(e, BBOX);
  }

  /** A number, as double. */
  Expression number(Expression e, String name) {
    if (!(e.dataType() instanceof NumericType) && !(e.dataType() instanceof NullType)) {
      throw wrongType(name, "a number", e.dataType());
    }
    return castUnlessSame(e, DataTypes.DoubleType);
  }

  /** An array of numbers, as {@code array<double>}. */
  Expression numbers(Expression e, String name) {
    if (e.dataType() instanceof NullType) {
      return Literal.create(null, DataTypes.createArrayType(DataTypes.DoubleType));
    }
    if (!(e.dataType() instanceof ArrayType at) || !(at.elementType() instanceof NumericType)) {
      throw wrongType(name, "an array of numbers", e.dataType());
    }
    return castUnlessSame(e, DataTypes.createArrayType(DataTypes.DoubleType, at.containsNull()));
  }

  /**
   * A keypoint name, as its index: a constant is checked now and becomes an integer literal;
   * anything else is looked up row by row.
   */
  Expression keypointIndex(Expression e, String name) {
    if (e.dataType() instanceof NullType) {
      return Literal.create(null, DataTypes.IntegerType);
    }
    if (!(e.dataType() instanceof StringType)) {
      throw wrongType(name, "a keypoint name such as 'left_wrist'", e.dataType());
    }
    if (e.foldable()) {
      Object value = e.eval(null);
      if (value == null) {
        return Literal.create(null, DataTypes.IntegerType);
      }
      return Literal.create(PoseKernels.keypointIndex(value.toString(), function, name), DataTypes.IntegerType);
    }
    return invoke("keypointIndex", DataTypes.IntegerType, false, e,
        Literal.create(function, DataTypes.StringType), Literal.create(name, DataTypes.StringType));
  }

  /** A call of the static method {@code method} of {@link PoseKernels}; null in, null out. */
  static Expression invoke(String method, DataType type, boolean mayReturnNull, Expression... args) {
    return new StaticInvoke(PoseKernels.class, type, method,
        JavaConverters.asScalaBuffer(List.of(args)).toSeq(),
        JavaConverters.asScalaBuffer(List.<org.apache.spark.sql.types.AbstractDataType>of()).toSeq(),
        true, mayReturnNull, true);
  }

  private IllegalArgumentException wrongType(String name, String wanted, DataType got) {
    return new IllegalArgumentException(function + ": argument " + name + " must be " + wanted + ", got "
        + got.simpleString());
  }

  private static boolean hasNumericFields(StructType st, String... names) {
    StructField[] fields = st.fields();
    if (fields.length != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!fields[i].name().toLowerCase(Locale.ROOT).equals(names[i])
          || !(fields[i].dataType() instanceof NumericType)) {
        return false;
      }
    }
    return true;
  }

  /** Casts unless the type already matches (nullability aside: nulls are handled on the way in). */
  private static Expression castUnlessSame(Expression e, DataType target) {
    if (e.dataType().sameType(target)) {
      return e;
    }
    return new Column(e).cast(target).expr();
  }
}
