package posespark.models.tfjs;

/** IEEE 754 half precision (binary16) to float32, exact for every half value (subnormals, inf, NaN). */
public final class Float16 {
  private Float16() {}

  /** Widens the 16 bits in the low half of {@code bits} to the float32 with the same value. */
  public static float toFloat(int bits) {
    int sign = (bits >>> 15) & 0x1;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    float magnitude;
    if (exponent == 0) {
      // Subnormal (or zero): mantissa * 2^-24, exact in float32.
      magnitude = mantissa * 0x1p-24f;
    } else if (exponent == 0x1f) {
      magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      magnitude = Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
    return sign == 1 ? -magnitude : magnitude;
  }
}
