package posespark.models.tfjs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes one weight's bytes (little endian, as TFJS writes them) into float32 or int32 values,
 * undoing float16 storage and affine uint8/uint16 quantization.
 */
public final class WeightDecoder {
  private WeightDecoder() {}

  /** Float values of a {@code float32} weight (stored as float32, float16, uint8 or uint16). */
  public static float[] decodeFloats(WeightSpec spec, ByteBuffer bytes) {
    ByteBuffer in = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(spec.elementCount());
    float[] out = new float[n];
    WeightSpec.Quantization q = spec.quantization();
    String stored = q == null ? spec.dtype() : q.dtype();
    switch (stored) {
      case "float32" -> in.asFloatBuffer().get(out);
      case "float16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float16.toFloat(in.getShort(2 * i) & 0xffff);
        }
      }
      case "uint8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = affine(in.get(i) & 0xff, q);
        }
      }
      case "uint16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = affine(in.getShort(2 * i) & 0xffff, q);
        }
      }
      case "int32" -> {
        for (int i = 0; i < n; i++) {
          out[i] = in.getInt(4 * i);
        }
      }
      default -> throw new IllegalArgumentException(
          "weight '" + spec.name() + "': cannot decode stored dtype '" + stored + "' as float");
    }
    return out;
  }

  /** Integer values of an {@code int32} or {@code bool} weight (quantized int weights are rounded). */
  public static int[] decodeInts(WeightSpec spec, ByteBuffer bytes) {
    int n = Math.toIntExact(spec.elementCount());
    int[] out = new int[n];
    ByteBuffer in = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    WeightSpec.Quantization q = spec.quantization();
    if (q != null) {
      // TFJS rounds dequantized int32 weights with Math.round (half up), as Java's Math.round does.
      boolean wide = "uint16".equals(q.dtype());
      for (int i = 0; i < n; i++) {
        int raw = wide ? in.getShort(2 * i) & 0xffff : in.get(i) & 0xff;
        out[i] = (int) Math.round(affineDouble(raw, q));
      }
      return out;
    }
    switch (spec.dtype()) {
      case "int32" -> in.asIntBuffer().get(out);
      case "bool" -> {
        for (int i = 0; i < n; i++) {
          out[i] = in.get(i) != 0 ? 1 : 0;
        }
      }
      default -> throw new IllegalArgumentException(
          "weight '" + spec.name() + "': cannot decode dtype '" + spec.dtype() + "' as int");
    }
    return out;
  }

  // TFJS dequantizes as q * scale + min in double precision, then stores into a Float32Array.
  private static float affine(int q, WeightSpec.Quantization quantization) {
    return (float) affineDouble(q, quantization);
  }

  private static double affineDouble(int q, WeightSpec.Quantization quantization) {
    return q * quantization.scale() + quantization.min();
  }
}
