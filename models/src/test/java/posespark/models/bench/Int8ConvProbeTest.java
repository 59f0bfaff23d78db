package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class Int8ConvProbeTest {

  @Test
  void probeListsTheInt8KernelsAndReportsSpeedUpAndErrorPerShape() {
    Int8ConvProbe probe = new Int8ConvProbe();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    probe.out = new PrintStream(text, true, StandardCharsets.UTF_8);

    int rc = new CommandLine(probe).execute("--shapes", "10x10x16:1x1/1:24,9x9x8:3x3/2:16:VALID", "--batch", "2",
        "--blocks", "6x6x8:16:3=toy", "--rounds", "1", "--round-ms", "1");

    String report = text.toString(StandardCharsets.UTF_8);
    assertThat(rc).isZero();
    assertThat(report).startsWith("CPU: ");
    // The oneDNN int8 kernel the probe runs is registered for quint8 input and qint8 weights.
    assertThat(report).containsPattern(
        "QuantizedConv2DWithBiasAndReluAndRequantize +\\d+: [^\\n]*Tinput=quint8 Tfilter=qint8 Tbias=float out_type=quint8");
    // One table row per shape with fp32/int8 times, speed-ups and the error in % of the output range.
    Pattern row = Pattern.compile("\\| (10x10x16 k1x1/1 SAME -> 24|9x9x8 k3x3/2 VALID -> 16) +\\| --shapes +\\| (U8|S8) \\| +[0-9.]+"
        + " \\| +([0-9.]+) \\| +[0-9.]+ \\| +([0-9.]+) \\| +([0-9.]+)x \\| +[0-9.]+ \\| +[0-9.]+ \\| +[0-9.]+x"
        + " \\| +([0-9.]+)% \\| +([0-9.]+)% \\|");
    Matcher m = row.matcher(report);
    int rows = 0;
    while (m.find()) {
      rows++;
      double fp32Ms = Double.parseDouble(m.group(3));
      double int8Ms = Double.parseDouble(m.group(4));
      // The printed speed-up is fp32 / int8 before both times were rounded to 0.01 ms.
      double ratio = fp32Ms / int8Ms;
      double rounding = ratio * (0.005 / fp32Ms + 0.005 / int8Ms) + 0.005;
      assertThat(Double.parseDouble(m.group(5))).isCloseTo(ratio, org.assertj.core.api.Assertions.within(rounding * 1.01));
      assertThat(Double.parseDouble(m.group(6))).isPositive().isLessThan(10); // max error, % of range
      assertThat(Double.parseDouble(m.group(7))).isPositive().isLessThanOrEqualTo(Double.parseDouble(m.group(6)));
    }
    // Each shape with quint8 and with qint8 input, printed as measured and again in the final table.
    assertThat(rows).as(report).isEqualTo(8);
    // The block, measured and in its table: fp32, int8 path and int8 chain speed-ups, error.
    assertThat(report).containsPattern("\\| 6x6x8 1x1->16 dw3x3 1x1->8 \\(toy\\) +\\| +[0-9.]+ \\| +[0-9.]+ \\|"
        + " +[0-9.]+ \\| +[0-9.]+ \\| +[0-9.]+x \\| +[0-9.]+ \\| +[0-9.]+ \\| +[0-9.]+x \\| +[0-9.]+% \\| +[0-9.]+% \\|");
  }

  @Test
  void aMissingInt8KernelIsReportedInItsRowAndTheOthersStillRun() {
    Int8ConvProbe probe = new Int8ConvProbe();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    probe.out = new PrintStream(text, true, StandardCharsets.UTF_8);

    int rc = new CommandLine(probe).execute("--shapes", "9x9x8:dw3x3/1:8", "--batch", "2", "--rounds", "1",
        "--round-ms", "1");

    String report = text.toString(StandardCharsets.UTF_8);
    assertThat(rc).isZero();
    // quint8 input has a depthwise int8 kernel: a measured row.
    assertThat(report).containsPattern("\\| 9x9x8 dw3x3/1 SAME -> 8 +\\| --shapes +\\| U8 \\| [^\\n]*x \\| +[0-9.]+% \\|");
    // qint8 input has none: the row names the op and carries TensorFlow's message.
    assertThat(report).containsPattern("\\| 9x9x8 dw3x3/1 SAME -> 8 +\\| --shapes +\\| S8 \\| +[0-9.]+ \\| int8 path does"
        + " not run: QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize: .*Tinput=DT_QINT8");
  }

  @Test
  void badShapeIsAUsageError() {
    Int8ConvProbe probe = new Int8ConvProbe();
    probe.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine cli = new CommandLine(probe);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));

    assertThat(cli.execute("--blocks", "16x16x8:32")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("block '16x16x8:32' is not HxWxC:EXPANDED:K");
    err.reset();
    assertThat(cli.execute("--shapes", "16x16:1x1/1:8")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("shape '16x16:1x1/1:8' is not HxWxCIN:[dw]KHxKW/STRIDE:COUT");
  }
}
