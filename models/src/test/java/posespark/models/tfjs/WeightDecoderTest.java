package posespark.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class WeightDecoderTest {

  private static ByteBuffer le(int bytesPerValue, int... values) {
    ByteBuffer b = ByteBuffer.allocate(bytesPerValue * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      switch (bytesPerValue) {
        case 1 -> b.put((byte) v);
        case 2 -> b.putShort((short) v);
        default -> b.putInt(v);
      }
    }
    return b.flip();
  }

  @Test
  void float16WeightsAreReadLittleEndian() {
    WeightSpec spec = new WeightSpec("w", new long[] {4}, "float32",
        new WeightSpec.Quantization("float16", 1, 0));
    float[] v = WeightDecoder.decodeFloats(spec, le(2, 0x3C00, 0xC000, 0x0001, 0x7C00));
    assertThat(v).containsExactly(1f, -2f, 5.9604644775390625e-8f, Float.POSITIVE_INFINITY);
  }

  @Test
  void uint8AffineQuantizationIsQTimesScalePlusMin() {
    WeightSpec spec = new WeightSpec("w", new long[] {3}, "float32",
        new WeightSpec.Quantization("uint8", 0.5, -1.0));
    // 0*0.5-1 = -1, 1*0.5-1 = -0.5, 255*0.5-1 = 126.5
    assertThat(WeightDecoder.decodeFloats(spec, le(1, 0, 1, 255))).containsExactly(-1f, -0.5f, 126.5f);
  }

  @Test
  void uint16AffineQuantizationIsComputedInDoubleThenRounded() {
    WeightSpec spec = new WeightSpec("w", new long[] {3}, "float32",
        new WeightSpec.Quantization("uint16", 0.001, 2.0));
    // 65535 * 0.001 + 2 = 67.535 (double), then to float32
    assertThat(WeightDecoder.decodeFloats(spec, le(2, 0, 1000, 65535)))
        .containsExactly(2f, (float) (1000 * 0.001 + 2.0), (float) (65535 * 0.001 + 2.0));
  }

  @Test
  void quantizedInt32WeightsRoundHalfUp() {
    WeightSpec spec = new WeightSpec("w", new long[] {3}, "int32",
        new WeightSpec.Quantization("uint8", 0.5, -2.0));
    // 3*0.5-2 = -0.5 → 0 (half up), 5*0.5-2 = 0.5 → 1, 10*0.5-2 = 3
    assertThat(WeightDecoder.decodeInts(spec, le(1, 3, 5, 10))).containsExactly(0, 1, 3);
  }

  @Test
  void int32AndFloat32WeightsAreCopied() {
    WeightSpec ints = new WeightSpec("i", new long[] {2}, "int32", null);
    assertThat(WeightDecoder.decodeInts(ints, le(4, -7, 1 << 20))).containsExactly(-7, 1 << 20);
    WeightSpec floats = new WeightSpec("f", new long[] {1}, "float32", null);
    assertThat(WeightDecoder.decodeFloats(floats, le(4, Float.floatToIntBits(3.25f)))).containsExactly(3.25f);
  }
}
