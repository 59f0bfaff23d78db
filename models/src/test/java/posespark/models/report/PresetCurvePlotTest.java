package posespark.models.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preset plot's Pareto front and its PNG from the bench's TSV. */
class PresetCurvePlotTest {

  @TempDir
  Path tmp;

  @Test
  void aPresetBeatenOnBothAxesIsOffTheFront() {
    PresetCurvePlot.Point fast = new PresetCurvePlot.Point("fast", 3.0, 30.0);
    PresetCurvePlot.Point balanced = new PresetCurvePlot.Point("balanced", 1.5, 50.0);
    PresetCurvePlot.Point slowAndWorse = new PresetCurvePlot.Point("worse", 1.0, 45.0);
    PresetCurvePlot.Point accurate = new PresetCurvePlot.Point("accurate", 0.5, 54.0);
    assertThat(PresetCurvePlot.paretoFront(List.of(accurate, slowAndWorse, fast, balanced)))
        .containsExactly(fast, balanced, accurate);
  }

  @Test
  void theBenchTsvBecomesAPng() throws Exception {
    Path tsv = tmp.resolve("presets.tsv");
    Files.writeString(tsv, "preset\timages_per_s\tap\tap50\tar\tpersons\nfast\t3.1\t31.5\t60\t40\t10\n"
        + "accurate\t0.6\t54.2\t80\t60\t12\n");
    List<PresetCurvePlot.Point> points = PresetCurvePlot.read(tsv);
    assertThat(points).extracting(PresetCurvePlot.Point::preset).containsExactly("fast", "accurate");
    Path png = tmp.resolve("p.png");
    PresetCurvePlot.main(new String[] {tsv.toString(), png.toString()});
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(640);
  }
}
