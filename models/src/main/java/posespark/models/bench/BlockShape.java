package posespark.models.bench;

import java.util.regex.Pattern;

/**
 * One inverted-residual block geometry for {@link QuantizedBlock}: h x w x channels input, 1x1 expansion to
 * {@code expanded} channels, k x k depthwise, 1x1 projection back to {@code channels}; {@code label} names
 * where it comes from.
 */
public record BlockShape(int h, int w, int channels, int expanded, int k, String label) {
  private static final Pattern FORM = Pattern.compile("(\\d+)x(\\d+)x(\\d+):(\\d+):(\\d+)(=(.+))?");

  /** Parses {@code HxWxC:EXPANDED:K[=label]}, e.g. {@code 16x16x168:1008:3=movenet-thunder}. */
  public static BlockShape parse(String spec) {
    var m = FORM.matcher(spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("block '" + spec + "' is not HxWxC:EXPANDED:K[=label]");
    }
    int[] v = new int[5];
    for (int i = 0; i < 5; i++) {
      v[i] = Integer.parseInt(m.group(i + 1));
      if (v[i] < 1) {
        throw new IllegalArgumentException("block '" + spec + "': every size must be positive");
      }
    }
    return new BlockShape(v[0], v[1], v[2], v[3], v[4], m.group(7) == null ? "" : m.group(7));
  }
}
