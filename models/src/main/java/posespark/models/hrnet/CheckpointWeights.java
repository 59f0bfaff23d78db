package posespark.models.hrnet;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import posespark.models.pytorch.TorchTensor;

/**
 * HRNet weights from an official-style PyTorch state dict ({@code conv1.weight}, {@code bn1.running_var},
 * ..., {@code final_layer.bias}). Keys may carry the {@code module.} prefix of DataParallel training.
 * Every lookup checks the tensor's shape and names the key when it is missing or wrong;
 * {@link #requireAllUsed()} then rejects keys the architecture has no place for (a checkpoint of
 * another width or network).
 */
public final class CheckpointWeights implements HrnetWeights {
  private static final String DATA_PARALLEL_PREFIX = "module.";

  private final Map<String, TorchTensor> tensors;
  private final String source;
  private final Set<String> used = new HashSet<>();

  /** {@code source} names the checkpoint in error messages. */
  public CheckpointWeights(Map<String, TorchTensor> stateDict, String source) {
    this.source = source;
    boolean allPrefixed = stateDict.keySet().stream().allMatch(k -> k.startsWith(DATA_PARALLEL_PREFIX));
    this.tensors = new java.util.HashMap<>();
    stateDict.forEach((k, v) -> tensors.put(allPrefixed ? k.substring(DATA_PARALLEL_PREFIX.length()) : k, v));
  }

  @Override
  public FoldedConv convBn(String conv, String bn, int in, int out, int kernel) {
    float[] w = tensor(conv + ".weight", out, in, kernel, kernel);
    return BatchNormFolding.fold(w, out, in, kernel, tensor(bn + ".weight", out), tensor(bn + ".bias", out),
        tensor(bn + ".running_mean", out), tensor(bn + ".running_var", out), BatchNormFolding.EPS);
  }

  @Override
  public FoldedConv convBias(String conv, int in, int out) {
    return BatchNormFolding.withBias(tensor(conv + ".weight", out, in, 1, 1), out, in, 1, tensor(conv + ".bias", out));
  }

  /** Throws naming the keys of the checkpoint that the network did not use (BN's num_batches_tracked excepted). */
  public void requireAllUsed() {
    Set<String> unexpected = new TreeSet<>();
    for (String key : tensors.keySet()) {
      if (!used.contains(key) && !key.endsWith(".num_batches_tracked")) {
        unexpected.add(key);
      }
    }
    if (!unexpected.isEmpty()) {
      List<String> first = unexpected.stream().limit(5).toList();
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s: %d unexpected key(s) for this HRNet configuration, e.g. %s (is it a checkpoint of another width or network?)",
          source, unexpected.size(), first));
    }
  }

  private float[] tensor(String key, long... shape) {
    TorchTensor t = tensors.get(key);
    if (t == null) {
      throw new IllegalArgumentException(source + ": missing key " + key + " (expected shape " + Arrays.toString(shape)
          + "); is it an HRNet pose checkpoint of this width?");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new IllegalArgumentException(source + ": key " + key + " has shape " + Arrays.toString(t.shape())
          + ", this HRNet configuration needs " + Arrays.toString(shape) + " (wrong --width?)");
    }
    if (!t.isFloatingPoint()) {
      throw new IllegalArgumentException(source + ": key " + key + " holds " + t.dtype() + " values, not floating point");
    }
    used.add(key);
    return t.values();
  }
}
