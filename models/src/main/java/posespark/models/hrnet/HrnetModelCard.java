package posespark.models.hrnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The model card written next to an exported HRNet ({@value #FILE_NAME}, HOCON): what the model
 * takes and returns, how its heatmaps map back to pixels, where its weights came from. Exports with
 * random weights say so at the top and in {@code weights.random}.
 */
public record HrnetModelCard(HrnetConfig config, String weightsSource, String weightsSha256, boolean randomWeights) {
  public static final String FILE_NAME = "model-card.conf";

  public String render() {
    HrnetCost.Summary cost = HrnetCost.of(config);
    StringBuilder s = new StringBuilder();
    if (randomWeights) {
      s.append("# WARNING: RANDOM WEIGHTS. This SavedModel has the HRNet architecture but random, untrained\n")
          .append("# weights (--random-init). Its heatmaps are meaningless; use it for timing and tests only.\n");
    }
    s.append(String.format(Locale.ROOT, """
        name = "%s"
        kind = pose-heatmap
        family = hrnet
        architecture { width = %d, params = %d, flops = %d, flops_convention = "multiply-accumulates of all convolutions per crop" }
        weights {
          random = %s
          source = "%s"
          sha256 = "%s"
        }
        signature = serving_default
        input {
          key = input
          layout = NHWC
          dtype = float32
          shape = [-1, %d, %d, 3]
          color = RGB
          range = [0, 255]
          # Normalisation is inside the graph: (x / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225].
          normalized_in_graph = true
          aspect_ratio = %s   # crop width / height
        }
        output {
          key = heatmaps
          layout = NHWC
          shape = [-1, %d, %d, 17]
          keypoints = coco17
          stride = 4
          activation = none   # regressed Gaussian heatmaps (sigma 2 cells in training), peak about 1
          # Heatmap cell (row i, column j) is centred at input pixel (x = 4 * j, y = 4 * i) of the crop
          # (no half-pixel offset). Official decoding: argmax, then a quarter-cell shift toward the
          # larger neighbour; flip test averages with the flipped crop's heatmaps mirrored, flip pairs
          # swapped and shifted one cell to the right.
          cell_center = "4 * index"
        }
        """, config.name(), config.width(), cost.params(), cost.flops(), randomWeights, escape(weightsSource),
        weightsSha256, config.inputHeight(), config.inputWidth(),
        Float.toString((float) config.inputWidth() / config.inputHeight()), config.heatmapHeight(), config.heatmapWidth()));
    return s.toString();
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
