package posespark.models.hrnet;

import java.util.ArrayList;
import java.util.List;

/**
 * HRNet's forward pass written once, layer by layer, over {@link HrnetLayers}: stem, stage 1,
 * transitions, multi-resolution modules with fusion, heatmap head. The order of the element-wise
 * sums in the fusion follows the reference (branch 0 first), so float results match it closely.
 */
public final class HrnetTopology {
  private HrnetTopology() {
  }

  /** Runs the network on {@code input} (already normalised, 3 channels) and returns the 17 heatmaps. */
  public static <T> T forward(HrnetConfig config, HrnetLayers<T> layers, T input) {
    int stem = HrnetConfig.STEM_CHANNELS;
    T x = layers.convBn("conv1", "bn1", input, 3, stem, 3, 2, true);
    x = layers.convBn("conv2", "bn2", x, stem, stem, 3, 2, true);
    int expanded = stem * HrnetConfig.BOTTLENECK_EXPANSION;
    for (int b = 0; b < HrnetConfig.STAGE1_BLOCKS; b++) {
      x = bottleneck(layers, "layer1." + b, x, b == 0 ? stem : expanded, stem);
    }
    List<T> xs = List.of(x);
    int[] previous = {expanded};
    for (int stage = 2; stage <= 4; stage++) {
      int[] channels = config.branchChannels(stage);
      xs = transition(layers, "transition" + (stage - 1), xs, previous, channels);
      int modules = config.modules(stage);
      for (int m = 0; m < modules; m++) {
        boolean lastOfNetwork = stage == 4 && m == modules - 1;
        xs = module(layers, "stage" + stage + "." + m, xs, channels, lastOfNetwork ? 1 : channels.length);
      }
      previous = channels;
    }
    return layers.convBias("final_layer", xs.get(0), config.width(), HrnetConfig.NUM_JOINTS);
  }

  private static <T> T bottleneck(HrnetLayers<T> layers, String p, T x, int in, int planes) {
    int out = planes * HrnetConfig.BOTTLENECK_EXPANSION;
    T y = layers.convBn(p + ".conv1", p + ".bn1", x, in, planes, 1, 1, true);
    y = layers.convBn(p + ".conv2", p + ".bn2", y, planes, planes, 3, 1, true);
    y = layers.convBn(p + ".conv3", p + ".bn3", y, planes, out, 1, 1, false);
    T shortcut = in == out ? x : layers.convBn(p + ".downsample.0", p + ".downsample.1", x, in, out, 1, 1, false);
    return layers.relu(layers.add(y, shortcut));
  }

  private static <T> T basicBlock(HrnetLayers<T> layers, String p, T x, int channels) {
    T y = layers.convBn(p + ".conv1", p + ".bn1", x, channels, channels, 3, 1, true);
    y = layers.convBn(p + ".conv2", p + ".bn2", y, channels, channels, 3, 1, false);
    return layers.relu(layers.add(y, x));
  }

  /**
   * Keeps branches whose channels do not change, adapts the others with a 3x3 conv, and opens each
   * new branch from the lowest-resolution one with 3x3 stride-2 convs (only one step in W32/W48).
   */
  private static <T> List<T> transition(HrnetLayers<T> layers, String p, List<T> xs, int[] before, int[] after) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < after.length; i++) {
      if (i < before.length) {
        // (The reference feeds an adapted existing branch from the last branch; in W32/W48 only
        // transition1.0 adapts one, and stage 1 has a single branch, so both read the same map.)
        out.add(before[i] == after[i] ? xs.get(i)
            : layers.convBn(p + "." + i + ".0", p + "." + i + ".1", xs.get(i), before[i], after[i], 3, 1, true));
        continue;
      }
      T y = xs.get(xs.size() - 1);
      int in = before[before.length - 1];
      int steps = i + 1 - before.length;
      for (int j = 0; j < steps; j++) {
        int outChannels = j == steps - 1 ? after[i] : in;
        y = layers.convBn(p + "." + i + "." + j + ".0", p + "." + i + "." + j + ".1", y, in, outChannels, 3, 2, true);
      }
      out.add(y);
    }
    return out;
  }

  /** One HighResolutionModule: four BasicBlocks per branch, then each output branch sums all branches. */
  private static <T> List<T> module(HrnetLayers<T> layers, String p, List<T> xs, int[] channels, int outputs) {
    List<T> branches = new ArrayList<>();
    for (int b = 0; b < channels.length; b++) {
      T x = xs.get(b);
      for (int k = 0; k < HrnetConfig.BLOCKS_PER_BRANCH; k++) {
        x = basicBlock(layers, p + ".branches." + b + "." + k, x, channels[b]);
      }
      branches.add(x);
    }
    List<T> fused = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      T sum = null;
      for (int j = 0; j < channels.length; j++) {
        T term = fuseTerm(layers, p + ".fuse_layers." + i + "." + j, branches.get(j), channels, i, j);
        sum = sum == null ? term : layers.add(sum, term);
      }
      fused.add(layers.relu(sum));
    }
    return fused;
  }

  /** Branch j brought to branch i: identity, 1x1 conv + BN + nearest upsampling, or a chain of 3x3 stride-2 convs. */
  private static <T> T fuseTerm(HrnetLayers<T> layers, String p, T x, int[] channels, int i, int j) {
    if (j == i) {
      return x;
    }
    if (j > i) {
      T y = layers.convBn(p + ".0", p + ".1", x, channels[j], channels[i], 1, 1, false);
      return layers.upsample(y, 1 << (j - i));
    }
    T y = x;
    for (int k = 0; k < i - j; k++) {
      boolean last = k == i - j - 1;
      y = layers.convBn(p + "." + k + ".0", p + "." + k + ".1", y, channels[j], last ? channels[i] : channels[j], 3, 2, !last);
    }
    return y;
  }
}
