package posespark.models.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a model's time goes: the execution time of every node in traced runs
 * ({@code RunMetadata.step_stats}), summed by op type. Op types are the kernels that ran after grappler's
 * rewrites (e.g. {@code _FusedConv2D}, {@code _MklNativeFusedDepthwiseConv2dNative}), which is what a graph
 * rewrite has to change. Node times of ops running side by side add up, so shares are of summed node time.
 */
public final class OpProfile {
  /** One op type: how many node executions, their summed milliseconds per traced call, and share of all. */
  public record Entry(String op, int nodes, double msPerCall, double share) {}

  private final Map<String, double[]> byOp = new HashMap<>();
  private int calls;

  /** Adds one traced call. */
  public void add(RunMetadata metadata) {
    if (metadata == null || !metadata.hasStepStats()) {
      throw new IllegalArgumentException("run metadata without step stats (was the call traced?)");
    }
    calls++;
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        String op = opType(node);
        if (op.startsWith("_SOURCE") || op.equals("_Arg") || op.equals("_Retval")) {
          continue;
        }
        double[] acc = byOp.computeIfAbsent(op, k -> new double[2]);
        acc[0] += 1;
        acc[1] += nodeMillis(node);
      }
    }
  }

  /** Op types by summed time, largest first. */
  public List<Entry> entries() {
    double total = byOp.values().stream().mapToDouble(a -> a[1]).sum();
    List<Entry> out = new ArrayList<>();
    byOp.forEach((op, a) -> out.add(new Entry(op, (int) Math.round(a[0] / Math.max(1, calls)),
        a[1] / Math.max(1, calls), total > 0 ? a[1] / total : 0)));
    out.sort(Comparator.comparingDouble(Entry::msPerCall).reversed());
    return out;
  }

  /** Summed node milliseconds of one call. */
  public double totalMsPerCall() {
    return entries().stream().mapToDouble(Entry::msPerCall).sum();
  }

  /** The {@code top} op types as indented lines, then the rest as one line. */
  public String table(int top) {
    StringBuilder s = new StringBuilder();
    List<Entry> all = entries();
    s.append(String.format(Locale.ROOT, "    %-44s %6s %10s %7s%n", "op type (after grappler)", "nodes", "ms/call", "share"));
    double restMs = 0;
    double restShare = 0;
    int restNodes = 0;
    for (int i = 0; i < all.size(); i++) {
      Entry e = all.get(i);
      if (i < top) {
        s.append(String.format(Locale.ROOT, "    %-44s %6d %10.2f %6.1f%%%n", e.op(), e.nodes(), e.msPerCall(),
            100 * e.share()));
      } else {
        restMs += e.msPerCall();
        restShare += e.share();
        restNodes += e.nodes();
      }
    }
    if (all.size() > top) {
      s.append(String.format(Locale.ROOT, "    %-44s %6d %10.2f %6.1f%%%n", "(" + (all.size() - top) + " other types)",
          restNodes, restMs, 100 * restShare));
    }
    s.append(String.format(Locale.ROOT, "    %-44s %6s %10.2f%n", "summed node time", "", totalMsPerCall()));
    return s.toString();
  }

  /** The op type from the trace's label "name = Op(inputs)"; the node name when there is no label. */
  static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq >= 0) {
      int paren = label.indexOf('(', eq);
      return (paren > 0 ? label.substring(eq + 3, paren) : label.substring(eq + 3)).trim();
    }
    return node.getNodeName();
  }

  private static double nodeMillis(NodeExecStats node) {
    long nanos = node.getOpEndRelNanos() - node.getOpStartRelNanos();
    if (nanos > 0) {
      return nanos / 1e6;
    }
    return (node.getOpEndRelMicros() - node.getOpStartRelMicros()) / 1e3;
  }
}
