package posespark.models.hrnet;

import java.util.Locale;

/**
 * The HRNet pose network of the reference implementation (pose_hrnet, experiments
 * {@code w32_256x192}, {@code w48_384x288}, ...): everything but the width {@code W} and the input
 * size is fixed by the official configuration.
 *
 * <ul>
 *   <li>stem: two 3x3 stride-2 convolutions, 64 channels, BatchNorm + ReLU (stride 4);</li>
 *   <li>stage 1 ({@code layer1}): 1 module, 1 branch, 4 Bottleneck blocks of 64 planes (256 out);</li>
 *   <li>stage 2: 1 module, 2 branches, BasicBlock x [4, 4], channels [W, 2W];</li>
 *   <li>stage 3: 4 modules, 3 branches, BasicBlock x [4, 4, 4], channels [W, 2W, 4W];</li>
 *   <li>stage 4: 3 modules, 4 branches, BasicBlock x [4, 4, 4, 4], channels [W, 2W, 4W, 8W]; the
 *       last module fuses into the highest resolution only (multi-scale output false);</li>
 *   <li>final layer: 1x1 convolution with bias to 17 COCO keypoint heatmaps at stride 4.</li>
 * </ul>
 *
 * <p>The input height and width must be multiples of 32 so that each branch has exactly half the
 * resolution of the one above it (the fusion adds upsampled and downsampled maps element-wise).
 */
public record HrnetConfig(int width, int inputHeight, int inputWidth) {
  /** COCO keypoints: the number of heatmaps. */
  public static final int NUM_JOINTS = 17;
  /** Output stride of the heatmaps relative to the input. */
  public static final int HEATMAP_STRIDE = 4;
  /** Channels of the stem and the planes of the stage-1 Bottlenecks (expansion 4: 256 out). */
  public static final int STEM_CHANNELS = 64;
  public static final int BOTTLENECK_EXPANSION = 4;
  public static final int STAGE1_BLOCKS = 4;
  /** Modules per stage, for stages 2, 3 and 4 (stage index 0, 1, 2). */
  static final int[] MODULES = {1, 4, 3};
  /** BasicBlocks per branch in every module of stages 2 to 4. */
  public static final int BLOCKS_PER_BRANCH = 4;

  public HrnetConfig {
    if (width < 1) {
      throw new IllegalArgumentException("HRNet width must be positive, got " + width);
    }
    if (inputHeight < 32 || inputWidth < 32 || inputHeight % 32 != 0 || inputWidth % 32 != 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "HRNet input %dx%d: height and width must be positive multiples of 32 (e.g. 256x192, 384x288)",
          inputHeight, inputWidth));
    }
  }

  /** Parses {@code HxW}, e.g. {@code 384x288}. */
  public static HrnetConfig of(int width, String input) {
    String[] parts = input.toLowerCase(Locale.ROOT).split("x");
    if (parts.length != 2) {
      throw new IllegalArgumentException("input size must be HxW (e.g. 384x288), got '" + input + "'");
    }
    try {
      return new HrnetConfig(width, Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("input size must be HxW (e.g. 384x288), got '" + input + "'");
    }
  }

  /** Channels of each branch in stage {@code stage} (2, 3 or 4): W, 2W, 4W, 8W for as many branches as the stage has. */
  public int[] branchChannels(int stage) {
    int[] channels = new int[stage];
    for (int i = 0; i < stage; i++) {
      channels[i] = width << i;
    }
    return channels;
  }

  /** Number of HighResolutionModules of stage 2, 3 or 4. */
  public int modules(int stage) {
    return MODULES[stage - 2];
  }

  public int heatmapHeight() {
    return inputHeight / HEATMAP_STRIDE;
  }

  public int heatmapWidth() {
    return inputWidth / HEATMAP_STRIDE;
  }

  /** Model name as used in ensembles and the model cache, e.g. {@code hrnet-w48-384x288}. */
  public String name() {
    return String.format(Locale.ROOT, "hrnet-w%d-%dx%d", width, inputHeight, inputWidth);
  }
}
