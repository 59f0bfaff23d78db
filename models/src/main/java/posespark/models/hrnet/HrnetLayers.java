package posespark.models.hrnet;

/**
 * The few layer kinds HRNet is made of, over some representation {@code T} of a feature map.
 * {@link HrnetTopology} walks the network once over this interface; implementations build a
 * TensorFlow graph, count parameters and FLOPs, or list the checkpoint keys the network needs.
 *
 * <p>Names are the PyTorch state-dict prefixes of the reference implementation, e.g. conv
 * {@code layer1.0.downsample.0} with BatchNorm {@code layer1.0.downsample.1}.
 */
public interface HrnetLayers<T> {

  /** Convolution without bias ({@code conv.weight}), then BatchNorm ({@code bn.*}), then optionally ReLU; padding k/2. */
  T convBn(String conv, String bn, T x, int inChannels, int outChannels, int kernel, int stride, boolean relu);

  /** 1x1 convolution with bias ({@code conv.weight}, {@code conv.bias}): the heatmap head. */
  T convBias(String conv, T x, int inChannels, int outChannels);

  T add(T a, T b);

  T relu(T x);

  /** Nearest-neighbour upsampling by an integer factor in both directions. */
  T upsample(T x, int factor);
}
