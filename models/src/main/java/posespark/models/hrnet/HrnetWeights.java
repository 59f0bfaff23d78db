package posespark.models.hrnet;

/** Where the folded convolutions of an HRNet come from: a PyTorch checkpoint, or random for timing. */
public interface HrnetWeights {

  /** Conv {@code conv} (no bias) with BatchNorm {@code bn} folded in; names are state-dict prefixes. */
  FoldedConv convBn(String conv, String bn, int inChannels, int outChannels, int kernel);

  /** The heatmap head: 1x1 conv with bias. */
  FoldedConv convBias(String conv, int inChannels, int outChannels);
}
