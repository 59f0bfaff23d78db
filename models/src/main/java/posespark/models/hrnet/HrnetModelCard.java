package posespark.models.hrnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import posespark.models.card.ModelCard;

/**
 * The model card of an exported HRNet, in the format of the zoo's cards ({@code conf/models/*.conf},
 * read by {@link ModelCard}) and written beside the SavedModel as {@value ModelCard#FILE_NEXT_TO_MODEL}:
 * input contract, heatmap geometry, where the weights came from. Exports with random weights say so
 * at the top and in {@code source.random-weights}.
 */
public record HrnetModelCard(HrnetConfig config, String weightsSource, String weightsSha256, boolean randomWeights) {

  public String render() {
    HrnetCost.Summary cost = HrnetCost.of(config);
    StringBuilder s = new StringBuilder();
    if (randomWeights) {
      s.append("# WARNING: RANDOM WEIGHTS. This SavedModel has the HRNet architecture but random, untrained\n")
          .append("# weights (--random-init). Its heatmaps are meaningless: use it for timing and tests only.\n");
    }
    s.append(String.format(Locale.ROOT, """
        # HRNet-W%d %dx%d (top-down pose, COCO-17), built from Java; weights: %s.
        name = %s
        kind = pose

        source {
          checkpoint = "%s"
          sha256 = "%s"
          random-weights = %s
          upstream = "HRNet reference implementation (pose_hrnet), official experiment w%d_%dx%d"
        }

        architecture {
          family = hrnet
          width = %d
          params = %d
          flops = %d            # multiply-accumulates of all convolutions per crop
        }

        input {
          size = [%d, %d]      # height, width
          dtype = float32
          range = [0, 255]       # RGB; the graph normalises: (x / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
          layout = NHWC
          colour = RGB
          aspect = %s         # width / height of the crop (official crops: person box scaled by 1.25)
        }

        # Signature serving_default, input key "input". Batch -1 = any batch size.
        outputs {
          heatmaps {
            tensor = "heatmaps"
            shape = [-1, %d, %d, 17]
            note = "regressed Gaussian heatmaps (sigma 2 cells in training, peak about 1), COCO-17 order"
          }
        }

        heatmap {
          key = heatmaps
          stride = 4
          cell-centre = 0.0      # cell i is centred at input pixel 4 * i (official decoding: argmax + quarter offset)
          activation = linear    # no sigmoid: values are regressed heatmaps
          coco-channels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
          flip-pairs = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14], [15, 16]]
          # Official flip test: average with the mirrored crop's heatmaps, pairs swapped, shifted one cell right.
          flip-shift-cells = 1
        }

        conversion {
          dynamic-batch = true
        }

        runtime {
          remapping = true
        }
        """, config.width(), config.inputHeight(), config.inputWidth(),
        randomWeights ? "RANDOM (not a trained model)" : "imported from a PyTorch state_dict", config.name(),
        escape(weightsSource), weightsSha256, randomWeights, config.width(), config.inputHeight(), config.inputWidth(),
        config.width(), cost.params(), cost.flops(), config.inputHeight(), config.inputWidth(),
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
