package posespark.models.runtime;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SaverDef;

/**
 * The ops a posespark model may contain: in-memory math, NN, shape, control-flow and variable
 * ops. Anything else, notably file, network and process ops (ReadFile, WriteFile, MatchingFiles,
 * ImmutableConst, PyFunc, dataset/reader ops, PrintV2, DebugIdentity), is refused before the graph
 * runs. Checkpoint ops (SaveV2, RestoreV2, MergeV2Checkpoints, ...) are accepted only in the
 * saver subgraph that the MetaGraph's {@code saver_def} names, i.e. the nodes the SavedModel
 * loader itself runs to restore variables from the model's own folder.
 */
public final class OpAllowlist {
  private static final Set<String> COMPUTE = Set.of(
      // constants, placeholders, identity, plumbing
      "Const", "Placeholder", "PlaceholderWithDefault", "Identity", "IdentityN", "NoOp",
      "StopGradient", "PreventGradient", "Snapshot", "EnsureShape", "CheckNumerics",
      // element-wise math
      "Add", "AddV2", "AddN", "Sub", "Mul", "MulNoNan", "Div", "DivNoNan", "RealDiv", "FloorDiv",
      "FloorMod", "TruncateDiv", "TruncateMod", "Mod", "Maximum", "Minimum", "Pow", "SquaredDifference",
      "Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp", "Expm1", "Log", "Log1p", "Reciprocal",
      "Inv", "Floor", "Ceil", "Round", "Rint", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2",
      "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Erf", "Erfc", "IsNan", "IsInf", "IsFinite",
      "ClipByValue", "Cast", "Bitcast", "Equal", "NotEqual", "Less", "LessEqual", "Greater",
      "GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalNot", "Select", "SelectV2", "Where",
      "BitwiseAnd", "BitwiseOr", "BitwiseXor", "LeftShift", "RightShift", "Invert",
      // activations
      "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Softplus", "Softsign", "Softmax",
      "LogSoftmax", "Gelu",
      // NN
      "Conv2D", "Conv3D", "DepthwiseConv2dNative", "Conv2DBackpropInput", "BiasAdd", "MatMul",
      "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum", "FusedBatchNorm",
      "FusedBatchNormV2", "FusedBatchNormV3", "MaxPool", "MaxPoolV2", "AvgPool", "MaxPool3D",
      "AvgPool3D", "LRN", "Dilation2D", "ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic",
      "ResizeArea", "CropAndResize", "NonMaxSuppressionV3", "NonMaxSuppressionV4",
      "NonMaxSuppressionV5", "CombinedNonMaxSuppression", "TopKV2", "InTopKV2",
      // oneDNN int8 convolutions (the -int8 model variants)
      "QuantizeV2", "Dequantize", "QuantizedConv2DWithBiasAndRequantize",
      "QuantizedConv2DWithBiasAndReluAndRequantize", "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize",
      // reductions and scans
      "Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "ArgMax", "ArgMin", "Cumsum", "Cumprod",
      // shape and indexing
      "Shape", "ShapeN", "Size", "Rank", "Reshape", "Squeeze", "ExpandDims", "Transpose",
      "ConcatV2", "Concat", "Pack", "Unpack", "Split", "SplitV", "Slice", "StridedSlice", "Tile",
      "Pad", "PadV2", "MirrorPad", "Fill", "ZerosLike", "OnesLike", "Range", "Gather", "GatherV2",
      "GatherNd", "ScatterNd", "TensorScatterUpdate", "TensorScatterAdd", "SparseToDense",
      "BroadcastTo", "BroadcastArgs", "BroadcastGradientArgs", "ReverseV2", "OneHot",
      "SpaceToBatchND", "BatchToSpaceND", "SpaceToDepth", "DepthToSpace", "DepthwiseConv2dNativeBackpropInput",
      "LinSpace", "Unique", "MatrixBandPart", "MatrixDiag", "MatrixDiagV3", "MatrixSetDiagV3",
      // image ops on tensors (no file access)
      "DecodeJpeg", "DecodePng", "DecodeImage", "DecodeBmp", "AdjustContrastv2", "RGBToHSV", "HSVToRGB",
      // control flow and functions (their bodies are checked too)
      "Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond", "If", "StatelessIf", "While",
      "StatelessWhile", "Case", "StatelessCase", "PartitionedCall", "StatefulPartitionedCall",
      // variables (in memory; restored by the loader's saver subgraph)
      "VarHandleOp", "ReadVariableOp", "AssignVariableOp", "VarIsInitializedOp", "VariableV2",
      "Variable", "Assign", "IsVariableInitialized", "DestroyResourceOp");

  /** Checkpoint ops, accepted only inside the saver subgraph. */
  private static final Set<String> CHECKPOINT = Set.of("SaveV2", "RestoreV2", "Save", "Restore",
      "SaveSlices", "RestoreSlice", "MergeV2Checkpoints", "ShardedFilename", "ShardedFilespec",
      "StringJoin", "StaticRegexFullMatch");

  private OpAllowlist() {}

  /** True when {@code op} may appear anywhere in a model. */
  public static boolean allows(String op) {
    return COMPUTE.contains(op);
  }

  /** Checks a plain GraphDef (and its function library); {@code source} names it in errors. */
  public static void check(GraphDef graph, String source) {
    checkNodes(graph.getNodeList(), Set.of(), source, "");
    checkFunctions(graph, Set.of(), source);
  }

  /** Checks a MetaGraphDef; nodes of its saver subgraph may also use checkpoint ops. */
  public static void check(MetaGraphDef meta, String source) {
    GraphDef graph = meta.getGraphDef();
    Set<String> saver = meta.hasSaverDef() ? saverSubgraph(graph, meta.getSaverDef()) : Set.of();
    checkNodes(graph.getNodeList(), saver, source, "");
    checkFunctions(graph, saverFunctions(graph, saver), source);
  }

  // TF2 SavedModels restore inside a function the saver subgraph calls: there, checkpoint ops are
  // accepted too (every node of it, as in any function, must still be allowed).
  private static void checkFunctions(GraphDef graph, Set<String> saverFunctions, String source) {
    for (FunctionDef f : graph.getLibrary().getFunctionList()) {
      String name = f.getSignature().getName();
      Set<String> checkpointOk = new HashSet<>();
      if (saverFunctions.contains(name)) {
        f.getNodeDefList().forEach(n -> checkpointOk.add(n.getName()));
      }
      checkNodes(f.getNodeDefList(), checkpointOk, source, " in function '" + name + "'");
    }
  }

  private static Set<String> saverFunctions(GraphDef graph, Set<String> saverNodes) {
    Map<String, FunctionDef> functions = new HashMap<>();
    graph.getLibrary().getFunctionList().forEach(f -> functions.put(f.getSignature().getName(), f));
    Set<String> called = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    graph.getNodeList().stream().filter(n -> saverNodes.contains(n.getName()))
        .forEach(n -> calledFunctions(n, todo));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      FunctionDef f = functions.get(name);
      if (f != null && called.add(name)) {
        f.getNodeDefList().forEach(n -> calledFunctions(n, todo));
      }
    }
    return called;
  }

  private static void calledFunctions(NodeDef node, Deque<String> into) {
    node.getAttrMap().values().forEach(v -> {
      if (v.hasFunc()) {
        into.add(v.getFunc().getName());
      }
    });
  }

  private static void checkNodes(List<NodeDef> nodes, Set<String> saver, String source, String where) {
    for (NodeDef node : nodes) {
      String op = node.getOp();
      if (COMPUTE.contains(op)) {
        continue;
      }
      if (CHECKPOINT.contains(op) && saver.contains(node.getName())) {
        continue;
      }
      String why = CHECKPOINT.contains(op) ? "checkpoint op outside the loader's saver subgraph"
          : "not on posespark's op allowlist (file, network and process ops are refused)";
      throw new UnsafeGraphException(source + ": op '" + op + "' in node '" + node.getName() + "'"
          + where + " is " + why);
    }
  }

  /** Names of the nodes the saver's save and restore targets depend on (inputs and control inputs). */
  static Set<String> saverSubgraph(GraphDef graph, SaverDef saver) {
    Map<String, NodeDef> byName = new HashMap<>();
    graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String root : List.of(saver.getRestoreOpName(), saver.getSaveTensorName(),
        saver.getFilenameTensorName())) {
      if (!root.isEmpty()) {
        todo.add(nodeName(root));
      }
    }
    while (!todo.isEmpty()) {
      String name = todo.pop();
      NodeDef node = byName.get(name);
      if (node == null || !seen.add(name)) {
        continue;
      }
      node.getInputList().forEach(i -> todo.add(nodeName(i)));
    }
    return seen;
  }

  private static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }
}
