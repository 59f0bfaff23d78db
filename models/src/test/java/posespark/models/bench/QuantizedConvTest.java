package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import posespark.models.runtime.HostOptions;

/**
 * TensorFlow's oneDNN int8 convolution, as {@link QuantizedConv} runs it, against exact integer arithmetic
 * and against fp32 within the worst-case quantization bound.
 */
class QuantizedConvTest {

  /**
   * Odd size with stride 2 (asymmetric SAME padding), and a VALID 1x1 like the models' pointwise layers;
   * non-negative (quint8) and signed (qint8) input; depthwise layers (quint8 input only: TensorFlow has no
   * qint8-input depthwise kernel).
   */
  @ParameterizedTest
  @CsvSource({"9x9x8:3x3/2:16, U8", "6x6x24:1x1/1:40:VALID, U8", "9x9x8:3x3/2:16, S8", "6x6x24:1x1/1:40:VALID, S8",
      "9x9x8:dw3x3/2:8, U8", "7x7x16:dw3x3/1:16:VALID, U8"})
  void int8ConvolutionIsExactInIntegersAndWithinTheQuantizationBoundOfFp32(String spec, QuantizedConv.Input kind) {
    ConvShape shape = ConvShape.parse(spec);
    int batch = 2;
    try (QuantizedConv conv = new QuantizedConv(shape, batch, kind, 7, HostOptions.defaults().toConfigProto())) {
      int[] acc = conv.accumulators();
      int[] expected = integerConv(shape, batch, conv.quantizedInput(), kind == QuantizedConv.Input.S8,
          conv.quantizedWeights());
      assertThat(acc).hasSize(batch * shape.outH() * shape.outW() * shape.cout());
      // Not all-zero data: the accumulators carry real sums of both signs.
      assertThat(java.util.Arrays.stream(expected).max().getAsInt()).isGreaterThan(shape.depthwise() ? 100 : 1000);
      assertThat(java.util.Arrays.stream(expected).min().getAsInt()).isLessThan(shape.depthwise() ? -100 : -1000);
      assertThat(acc).containsExactly(expected);

      float[] fp32 = conv.fp32Output();
      float[] int8 = conv.int8Output();
      // Worst case per output: sum over the K = kh*kw*cin products of |x||w - w^| + |w^||x - x^|, with
      // |x| <= X s_in (X = 255 for quint8, 127 for qint8), |w^| <= 127 s_w and each rounding error <= half a
      // step: K * s_in * s_w * (X + 127) / 2;
      // the fp32 bias folded into the int32 sums adds at most half a step s_in * s_w, requantizing the output
      // half an output step; ReLU and the clip to the calibrated range [0, max y] only shrink differences.
      int k = shape.kh() * shape.kw() * (shape.depthwise() ? 1 : shape.cin());
      double sInW = (double) conv.inputScale() * conv.weightScale();
      double outStep = conv.outputMax() / 255.0;
      int inputTop = kind == QuantizedConv.Input.U8 ? 255 : 127;
      double bound = k * sInW * (inputTop + 127) / 2.0 + sInW / 2 + outStep / 2 + 1e-5 * conv.outputMax();
      QuantizationError error = QuantizationError.of(fp32, int8);
      assertThat(error.range()).isEqualTo(conv.outputMax(), org.assertj.core.api.Assertions.within(1e-6));
      assertThat(error.maxAbs()).isLessThanOrEqualTo(bound);
      // The bound is a worst case; real rounding errors cancel: the mean stays well under 1% of the range.
      assertThat(error.relativeMean()).isLessThan(0.01);
      assertThat(error.maxAbs()).isGreaterThan(0); // int8 is not secretly the fp32 result

      // The graph's QuantizeV2 rounds like round(x / s_in) up to one step (its own float scale arithmetic).
      byte[] byGraph = conv.quantizedByGraph();
      byte[] byJava = conv.quantizedInput();
      boolean signed = kind == QuantizedConv.Input.S8;
      for (int i = 0; i < byGraph.length; i++) {
        int g = signed ? byGraph[i] : byGraph[i] & 0xff;
        int j = signed ? byJava[i] : byJava[i] & 0xff;
        assertThat(Math.abs(g - j)).as("input %d", i).isLessThanOrEqualTo(1);
      }
      // The whole int8 path equals requantize(relu(s_in s_w acc + bias)) from the exact accumulators of the
      // graph-quantized input to one output step (float rounding of the scales inside the kernel).
      int[] pathAcc = integerConv(shape, batch, byGraph, signed, conv.quantizedWeights());
      float[] fromAcc = requantizedFromAccumulators(conv, pathAcc);
      for (int i = 0; i < int8.length; i++) {
        assertThat((double) Math.abs(int8[i] - fromAcc[i])).as("output %d", i).isLessThanOrEqualTo(outStep * 1.001);
      }
    }
  }

  /**
   * NHWC x HWIO integer convolution with TensorFlow's SAME/VALID padding (zeros: both types' zero point);
   * depthwise: output channel o reads input channel o only, weights HW x channel.
   */
  static int[] integerConv(ConvShape s, int batch, byte[] in, boolean signedInput, byte[] w) {
    int oh = s.outH();
    int ow = s.outW();
    int padTop = s.padding().equals("SAME") ? Math.max((oh - 1) * s.stride() + s.kh() - s.h(), 0) / 2 : 0;
    int padLeft = s.padding().equals("SAME") ? Math.max((ow - 1) * s.stride() + s.kw() - s.w(), 0) / 2 : 0;
    int[] out = new int[batch * oh * ow * s.cout()];
    for (int n = 0; n < batch; n++) {
      for (int y = 0; y < oh; y++) {
        for (int x = 0; x < ow; x++) {
          for (int o = 0; o < s.cout(); o++) {
            int sum = 0;
            for (int ky = 0; ky < s.kh(); ky++) {
              int iy = y * s.stride() + ky - padTop;
              for (int kx = 0; kx < s.kw(); kx++) {
                int ix = x * s.stride() + kx - padLeft;
                if (iy < 0 || ix < 0 || iy >= s.h() || ix >= s.w()) {
                  continue;
                }
                for (int c = s.depthwise() ? o : 0; c < (s.depthwise() ? o + 1 : s.cin()); c++) {
                  byte xb = in[((n * s.h() + iy) * s.w() + ix) * s.cin() + c];
                  int xv = signedInput ? xb : xb & 0xff;
                  int wv = s.depthwise() ? w[(ky * s.kw() + kx) * s.cin() + c]
                      : w[((ky * s.kw() + kx) * s.cin() + c) * s.cout() + o]; // qint8
                  sum += xv * wv;
                }
              }
            }
            out[((n * oh + y) * ow + x) * s.cout() + o] = sum;
          }
        }
      }
    }
    return out;
  }

  /** requantize(relu(s_in s_w acc + bias)) on the output grid s_out = max y / 255, back in fp32. */
  private static float[] requantizedFromAccumulators(QuantizedConv conv, int[] acc) {
    float[] bias = conv.bias();
    int cout = conv.shape().cout();
    double sInW = (double) conv.inputScale() * conv.weightScale();
    double step = conv.outputMax() / 255.0;
    float[] out = new float[acc.length];
    for (int i = 0; i < acc.length; i++) {
      double y = Math.max(0, sInW * acc[i] + bias[i % cout]);
      out[i] = (float) (Math.min(255, Math.round(y / step)) * step);
    }
    return out;
  }
}
