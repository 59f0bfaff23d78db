package posespark.models.pytorch;

import java.nio.ByteBuffer;
import java.util.Locale;

/** The typed storages PyTorch pickles by class name ({@code torch.FloatStorage} ...), with their decoding. */
enum StorageType {
  FLOAT("Float", 4), DOUBLE("Double", 8), HALF("Half", 2), BFLOAT16("BFloat16", 2),
  LONG("Long", 8), INT("Int", 4), SHORT("Short", 2), CHAR("Char", 1), BYTE("Byte", 1), BOOL("Bool", 1);

  final String dtype;
  final int elementSize;

  StorageType(String dtype, int elementSize) {
    this.dtype = dtype;
    this.elementSize = elementSize;
  }

  String className() {
    return dtype + "Storage";
  }

  /** Element {@code index} of a little-endian buffer as float. */
  float read(ByteBuffer le, int index) {
    int at = index * elementSize;
    switch (this) {
      case FLOAT: return le.getFloat(at);
      case DOUBLE: return (float) le.getDouble(at);
      case HALF: return halfToFloat(le.getShort(at));
      case BFLOAT16: return Float.intBitsToFloat((le.getShort(at) & 0xffff) << 16);
      case LONG: return le.getLong(at);
      case INT: return le.getInt(at);
      case SHORT: return le.getShort(at);
      case CHAR: return le.get(at);
      case BYTE: return le.get(at) & 0xff;
      case BOOL: return le.get(at) != 0 ? 1f : 0f;
      default: throw new IllegalStateException(name().toLowerCase(Locale.ROOT));
    }
  }

  /** IEEE 754 binary16 to float (exact: every half value is a float). */
  static float halfToFloat(short bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f; // subnormal (or zero)
      return sign != 0 ? -magnitude : magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
