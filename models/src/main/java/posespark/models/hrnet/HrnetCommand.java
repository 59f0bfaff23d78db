package posespark.models.hrnet;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.models.pytorch.PthReader;
import posespark.models.zoo.ModelCache;
import posespark.models.zoo.Sha256;

/**
 * {@code submit/models hrnet}: prints HRNet's size ({@code --summary}) and imports an official-style
 * PyTorch checkpoint into a SavedModel with its card. Without a checkpoint it refuses to export,
 * unless {@code --random-init} asks for an explicitly random (timing/testing) model.
 */
@Command(name = "hrnet", mixinStandardHelpOptions = true,
    description = {"Build HRNet (W32/W48) as a TensorFlow SavedModel from a PyTorch checkpoint of the HRNet reference "
        + "implementation, e.g. pose_hrnet_w48_384x288.pth; or print its size.",
        "Example: submit/models hrnet --width 48 --input 384x288 --checkpoint pose_hrnet_w48_384x288.pth"})
public final class HrnetCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--width", required = true, paramLabel = "32|48", description = "HRNet width W (branch channels W, 2W, 4W, 8W)")
  int width;

  @Option(names = "--input", required = true, paramLabel = "HxW", description = "input crop size, e.g. 256x192 or 384x288")
  String input;

  @Option(names = "--checkpoint", paramLabel = "FILE", description = "PyTorch state_dict (.pth, zip or legacy torch.save format)")
  Path checkpoint;

  @Option(names = "--output", paramLabel = "DIR",
      description = "SavedModel folder to write (default: <cache>/models/hrnet-w<W>-<H>x<W'>)")
  Path output;

  @Option(names = "--summary", description = "print params=<N> flops=<N> (conv multiply-accumulates per crop)")
  boolean summary;

  @Option(names = "--random-init", description = "export random weights (timing and tests only; the card says so)")
  boolean randomInit;

  @Option(names = "--seed", defaultValue = "1", description = "seed of --random-init (default ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    HrnetConfig config = parseConfig();
    PrintWriter out = spec.commandLine().getOut();
    if (summary) {
      HrnetCost.Summary cost = HrnetCost.of(config);
      out.printf(Locale.ROOT, "params=%d flops=%d%n", cost.params(), cost.flops());
      out.flush();
      if (checkpoint == null && output == null && !randomInit) {
        return 0;
      }
    }
    if (checkpoint != null && randomInit) {
      throw bad("--checkpoint and --random-init exclude each other");
    }
    if (checkpoint == null && !randomInit) {
      throw bad("no weights: give --checkpoint FILE.pth (e.g. pose_hrnet_w" + width + "_" + input
          + ".pth of the HRNet reference implementation); random weights are exported only with --random-init");
    }
    Path target = output != null ? output : ModelCache.fromEnvironment().model(config.name());
    HrnetWeights weights;
    HrnetModelCard card;
    if (randomInit) {
      weights = new RandomWeights(seed);
      card = new HrnetModelCard(config, "random initialisation (seed " + seed + ")", "-", true);
    } else {
      if (!Files.isRegularFile(checkpoint)) {
        throw bad(checkpoint + ": no such checkpoint file");
      }
      weights = new CheckpointWeights(PthReader.readStateDict(checkpoint), checkpoint.toString());
      card = new HrnetModelCard(config, checkpoint.getFileName().toString(), Sha256.of(checkpoint), false);
    }
    HrnetSavedModel.export(config, weights, card, target);
    out.printf(Locale.ROOT, "%s\t%s%s%n", config.name(), target, randomInit ? "\tRANDOM WEIGHTS (timing/tests only)" : "");
    out.flush();
    return 0;
  }

  private HrnetConfig parseConfig() {
    if (width != 32 && width != 48) {
      throw bad("--width must be 32 or 48 (the official HRNet pose models), got " + width);
    }
    try {
      return HrnetConfig.of(width, input);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
