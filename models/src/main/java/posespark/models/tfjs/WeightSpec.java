package posespark.models.tfjs;

import java.util.Arrays;

/**
 * One entry of a TFJS {@code weightsManifest}: a named tensor stored in the concatenated .bin files.
 *
 * @param name the Const node the values belong to
 * @param shape dimensions (empty for a scalar)
 * @param dtype logical type: {@code float32}, {@code int32} or {@code bool}
 * @param quantization how the bytes are stored, {@code null} when stored as {@code dtype} itself
 */
public record WeightSpec(String name, long[] shape, String dtype, Quantization quantization) {

  /** TFJS weight quantization: {@code float16}, or affine {@code uint8}/{@code uint16} (value = q * scale + min). */
  public record Quantization(String dtype, double scale, double min) {}

  /** Number of elements. */
  public long elementCount() {
    return Arrays.stream(shape).reduce(1L, Math::multiplyExact);
  }

  /** Bytes this weight occupies in the .bin stream. */
  public long byteLength() {
    return elementCount() * storedBytesPerElement();
  }

  int storedBytesPerElement() {
    String stored = quantization == null ? dtype : quantization.dtype();
    return switch (stored) {
      case "float32", "int32" -> 4;
      case "float16", "uint16" -> 2;
      case "uint8", "bool" -> 1;
      default -> throw new IllegalArgumentException(
          "weight '" + name + "': unsupported stored dtype '" + stored + "'");
    };
  }
}
