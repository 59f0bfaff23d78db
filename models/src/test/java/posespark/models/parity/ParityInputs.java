package posespark.models.parity;

import java.util.List;
import posespark.models.runtime.ModelInput;

/**
 * The goldens' inputs rebuilt bit for bit (mirror of {@code models/src/test/node/inputs.mjs}): the
 * committed photo crop resized by integer nearest-neighbour, or xorshift32 noise, turned into the
 * converted model's NHWC input.
 */
final class ParityInputs {
  private ParityInputs() {}

  /** side x side x 3 RGB bytes of a golden case's image. */
  static byte[] image(ParityGoldens.CaseInput input, int photoSide, int side) {
    return switch (input.kind()) {
      case "photo" -> resizeNearest(ParityGoldens.resourceBytes(input.file()), photoSide, side);
      case "noise" -> noise(input.seed(), side);
      default -> throw new IllegalArgumentException("unknown golden input kind '" + input.kind() + "'");
    };
  }

  /** Source index = floor(dst * srcSide / dstSide), as in inputs.mjs. */
  static byte[] resizeNearest(byte[] rgb, int srcSide, int dstSide) {
    if (rgb.length != srcSide * srcSide * 3) {
      throw new IllegalArgumentException("photo has " + rgb.length + " bytes, expected " + srcSide * srcSide * 3);
    }
    byte[] out = new byte[dstSide * dstSide * 3];
    for (int y = 0; y < dstSide; y++) {
      int sy = (int) ((long) y * srcSide / dstSide);
      for (int x = 0; x < dstSide; x++) {
        int sx = (int) ((long) x * srcSide / dstSide);
        System.arraycopy(rgb, (sy * srcSide + sx) * 3, out, (y * dstSide + x) * 3, 3);
      }
    }
    return out;
  }

  /** xorshift32 (13, 17, 5) from seed; each byte is the state's top 8 bits. */
  static byte[] noise(long seed, int side) {
    byte[] out = new byte[side * side * 3];
    int s = (int) seed;
    for (int i = 0; i < out.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i] = (byte) (s >>> 24);
    }
    return out;
  }

  /**
   * HWC images stacked into the converted model's NHWC batch: int32 pixels, or float32 p * scale + offset
   * computed in double and rounded once (as storing into a Float32Array does in Node).
   */
  static ModelInput modelInput(List<byte[]> images, ParityGoldens.InputSpec spec, boolean floatInput) {
    int n = spec.size() * spec.size() * 3;
    long[] shape = {images.size(), spec.size(), spec.size(), 3};
    float[] floats = floatInput ? new float[n * images.size()] : null;
    int[] ints = floatInput ? null : new int[n * images.size()];
    for (int b = 0; b < images.size(); b++) {
      byte[] rgb = images.get(b);
      if (rgb.length != n) {
        throw new IllegalArgumentException("image " + b + " has " + rgb.length + " bytes, expected " + n);
      }
      for (int i = 0; i < n; i++) {
        int p = rgb[i] & 0xff;
        if (floatInput) {
          floats[b * n + i] = (float) (p * spec.scale() + spec.offset());
        } else {
          ints[b * n + i] = p;
        }
      }
    }
    return floatInput ? ModelInput.ofFloats(floats, shape) : ModelInput.ofInts(ints, shape);
  }
}
