package posespark.models.bench;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.GraphDef;

/**
 * Floating-point work of one inference from a graph's static shapes: 2 x multiply-accumulates of every
 * {@code Conv2D} (output elements x kh x kw x input channels), {@code DepthwiseConv2dNative} (output
 * elements x kh x kw) and {@code MatMul} (output elements x inner dimension). Element-wise ops, pooling,
 * resizes and activations are not counted (a few percent of these models' work). An unknown batch
 * dimension counts as 1, so the result is per image.
 */
public final class GraphFlops {
  /** FLOPs per image in total and by op type. */
  public record Count(long flops, Map<String, Long> byOp, int opsCounted) {
    public double gflops() {
      return flops / 1e9;
    }
  }

  private GraphFlops() {}

  /** Imports the GraphDef into a fresh graph (for TensorFlow's shape inference) and counts. */
  public static Count of(GraphDef graphDef) {
    try (Graph g = new Graph()) {
      g.importGraphDef(graphDef);
      return of(g);
    }
  }

  public static Count of(Graph graph) {
    Map<String, Long> byOp = new TreeMap<>();
    long total = 0;
    int counted = 0;
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      long macs = macs(op);
      if (macs > 0) {
        byOp.merge(op.type(), 2 * macs, Long::sum);
        total += 2 * macs;
        counted++;
      }
    }
    return new Count(total, byOp, counted);
  }

  private static long macs(GraphOperation op) {
    switch (op.type()) {
      case "Conv2D": {
        Shape filter = op.input(1).shape(); // [kh, kw, in, out]
        return elements(op.output(0).shape(), op) * dim(filter, 0, op) * dim(filter, 1, op) * dim(filter, 2, op);
      }
      case "DepthwiseConv2dNative": {
        Shape filter = op.input(1).shape(); // [kh, kw, in, multiplier]
        return elements(op.output(0).shape(), op) * dim(filter, 0, op) * dim(filter, 1, op);
      }
      case "MatMul": {
        Shape a = op.input(0).shape();
        boolean transposeA = op.attributes().getAttrBool("transpose_a");
        return elements(op.output(0).shape(), op) * dim(a, transposeA ? 0 : 1, op);
      }
      default:
        return 0;
    }
  }

  private static long elements(Shape shape, GraphOperation op) {
    if (shape.isUnknown()) {
      throw new IllegalStateException(op.name() + " (" + op.type() + "): output shape unknown; cannot count FLOPs");
    }
    long n = 1;
    for (int i = 0; i < shape.numDimensions(); i++) {
      long d = shape.get(i);
      if (d < 0 && i > 0) {
        throw new IllegalStateException(op.name() + " (" + op.type() + "): dynamic dimension " + i + " in " + shape);
      }
      n *= Math.max(d, 1); // the batch dimension: per image
    }
    return n;
  }

  private static long dim(Shape shape, int axis, GraphOperation op) {
    long d = shape.isUnknown() ? -1 : shape.get(axis);
    if (d < 0) {
      throw new IllegalStateException(op.name() + " (" + op.type() + "): weight shape " + shape + " not static");
    }
    return d;
  }
}
