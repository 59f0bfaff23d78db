package posespark.udf;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import posespark.models.keypoints.CocoKeypoints;
import scala.Tuple3;

/**
 * posespark's SQL functions over the pose tables' columns, and the one place that registers them:
 * {@link #register(SparkSession)} for a session in hand, {@link PoseSqlExtensions} for
 * {@code spark.sql.extensions}. Each function is a Catalyst expression calling a static method of
 * {@link PoseKernels} on Spark's internal rows (whole-stage code generation, no row conversion);
 * null in gives null out.
 */
public final class PoseFunctions {

  private static final List<SqlFunction> FUNCTIONS = List.of(
      new SqlFunction("keypoint",
          "keypoint(kps, name) - struct(x, y, score) of the COCO keypoint called name, e.g. 'left_wrist'",
          PoseFunctions::keypoint),
      new SqlFunction("keypoint_names",
          "keypoint_names() - the 17 COCO keypoint names in the keypoints arrays' order",
          PoseFunctions::keypointNames),
      new SqlFunction("oks",
          "oks(kps_a, kps_b, area[, sigmas]) - object keypoint similarity of kps_b to kps_a (COCO's formula and"
              + " sigmas by default, as the evaluator); kps_a's keypoints with score > 0 count",
          PoseFunctions::oks),
      new SqlFunction("joint_angle",
          "joint_angle(kps, a, b, c) - angle at keypoint b between b-a and b-c, degrees in [0, 180]",
          PoseFunctions::jointAngle),
      new SqlFunction("limb_length",
          "limb_length(kps, a, b) - distance between keypoints a and b in pixels",
          PoseFunctions::limbLength),
      new SqlFunction("visible_count",
          "visible_count(kps, min_score) - number of keypoints with score >= min_score",
          PoseFunctions::visibleCount),
      new SqlFunction("bbox_iou",
          "bbox_iou(b1, b2) - intersection over union of two struct(x, y, w, h) boxes",
          PoseFunctions::bboxIou),
      new SqlFunction("pose_flip",
          "pose_flip(kps, width) - the pose in the horizontally mirrored image (x -> width - x, left/right swapped)",
          PoseFunctions::poseFlip),
      new SqlFunction("to_coco_keypoints",
          "to_coco_keypoints(kps) - COCO results' flat [x1, y1, v1, ...] with v = the keypoint score",
          PoseFunctions::toCocoKeypoints),
      new SqlFunction("pose_normalize",
          "pose_normalize(kps) - [x1, y1, ...] minus the centroid, divided by its norm (translation- and scale-free)",
          PoseFunctions::poseNormalize),
      new SqlFunction("pose_similarity",
          "pose_similarity(kps_a, kps_b) - cosine similarity in [-1, 1] of the two poses' normalised shapes",
          PoseFunctions::poseSimilarity));

  private PoseFunctions() {}

  /** Every function, in the order the docs list them. */
  public static List<SqlFunction> all() {
    return FUNCTIONS;
  }

  /** Registers every function in this session (replacing same-named temporary functions). */
  public static void register(SparkSession spark) {
    for (SqlFunction f : FUNCTIONS) {
      spark.sessionState().functionRegistry().registerFunction(f.identifier(), f.info(), f.sparkBuilder());
    }
  }

  /** Adds every function to sessions built with these extensions. */
  static void injectInto(SparkSessionExtensions extensions) {
    for (SqlFunction f : FUNCTIONS) {
      extensions.injectFunction(new Tuple3<>(f.identifier(), f.info(), f.sparkBuilder()));
    }
  }

  private static Expression keypoint(List<Expression> args) {
    SqlArguments check = new SqlArguments("keypoint");
    check.arity(args, 2, 2);
    return SqlArguments.invoke("keypoint", SqlArguments.KEYPOINT, true,
        check.keypoints(args.get(0), "kps"), check.keypointIndex(args.get(1), "name"));
  }

  private static Expression keypointNames(List<Expression> args) {
    new SqlArguments("keypoint_names").arity(args, 0, 0);
    Object[] names = CocoKeypoints.NAMES.stream().map(UTF8String::fromString).toArray();
    return Literal.create(new GenericArrayData(names), DataTypes.createArrayType(DataTypes.StringType, false));
  }

  private static Expression oks(List<Expression> args) {
    SqlArguments check = new SqlArguments("oks");
    check.arity(args, 3, 4);
    Expression a = check.keypoints(args.get(0), "kps_a");
    Expression b = check.keypoints(args.get(1), "kps_b");
    Expression area = check.number(args.get(2), "area");
    if (args.size() == 3) {
      return SqlArguments.invoke("oks", DataTypes.DoubleType, true, a, b, area);
    }
    return SqlArguments.invoke("oks", DataTypes.DoubleType, true, a, b, area,
        check.numbers(args.get(3), "sigmas"));
  }

  private static Expression jointAngle(List<Expression> args) {
    SqlArguments check = new SqlArguments("joint_angle");
    check.arity(args, 4, 4);
    return SqlArguments.invoke("jointAngle", DataTypes.DoubleType, true, check.keypoints(args.get(0), "kps"),
        check.keypointIndex(args.get(1), "a"), check.keypointIndex(args.get(2), "b"),
        check.keypointIndex(args.get(3), "c"));
  }

  private static Expression limbLength(List<Expression> args) {
    SqlArguments check = new SqlArguments("limb_length");
    check.arity(args, 3, 3);
    return SqlArguments.invoke("limbLength", DataTypes.DoubleType, false, check.keypoints(args.get(0), "kps"),
        check.keypointIndex(args.get(1), "a"), check.keypointIndex(args.get(2), "b"));
  }

  private static Expression visibleCount(List<Expression> args) {
    SqlArguments check = new SqlArguments("visible_count");
    check.arity(args, 2, 2);
    return SqlArguments.invoke("visibleCount", DataTypes.IntegerType, false,
        check.keypoints(args.get(0), "kps"), check.number(args.get(1), "min_score"));
  }

  private static Expression bboxIou(List<Expression> args) {
    SqlArguments check = new SqlArguments("bbox_iou");
    check.arity(args, 2, 2);
    return SqlArguments.invoke("bboxIou", DataTypes.DoubleType, false, check.box(args.get(0), "b1"),
        check.box(args.get(1), "b2"));
  }

  private static Expression poseFlip(List<Expression> args) {
    SqlArguments check = new SqlArguments("pose_flip");
    check.arity(args, 2, 2);
    return SqlArguments.invoke("poseFlip", SqlArguments.KEYPOINTS, false, check.keypoints(args.get(0), "kps"),
        check.number(args.get(1), "width"));
  }

  private static Expression toCocoKeypoints(List<Expression> args) {
    SqlArguments check = new SqlArguments("to_coco_keypoints");
    check.arity(args, 1, 1);
    return SqlArguments.invoke("toCocoKeypoints", DataTypes.createArrayType(DataTypes.DoubleType, false), false,
        check.keypoints(args.get(0), "kps"));
  }

  private static Expression poseNormalize(List<Expression> args) {
    SqlArguments check = new SqlArguments("pose_normalize");
    check.arity(args, 1, 1);
    return SqlArguments.invoke("poseNormalize", DataTypes.createArrayType(DataTypes.DoubleType, false), true,
        check.keypoints(args.get(0), "kps"));
  }

  private static Expression poseSimilarity(List<Expression> args) {
    SqlArguments check = new SqlArguments("pose_similarity");
    check.arity(args, 2, 2);
    return SqlArguments.invoke("poseSimilarity", DataTypes.DoubleType, true,
        check.keypoints(args.get(0), "kps_a"), check.keypoints(args.get(1), "kps_b"));
  }
}
