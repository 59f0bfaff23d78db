package posespark.models.hrnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import posespark.models.card.ModelCard;
import posespark.models.zoo.ModelCache;

/**
 * Finds HRNet SavedModels exported by {@code submit/models hrnet} in the model cache, so ensembles
 * can name them ({@code hrnet-w48-384x288}) like zoo models. HRNet cannot be fetched: a missing one
 * is reported with the import command, and a random-weights export is refused (it is not a model)
 * unless the system property {@code posespark.hrnet.allowRandomWeights=true} is set for tests.
 */
public final class HrnetCache {
  private static final Pattern NAME = Pattern.compile("hrnet-w(\\d+)-(\\d+)x(\\d+)");

  private HrnetCache() {
  }

  /** True for names of the form {@code hrnet-w<W>-<H>x<W'>}. */
  public static boolean isHrnetName(String name) {
    return NAME.matcher(name).matches();
  }

  /** The exported model's folder in the environment's cache; fails with the import command when absent. */
  public static Path ready(String name) {
    return ready(name, ModelCache.fromEnvironment());
  }

  static Path ready(String name, ModelCache cache) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + ": not an HRNet model name (hrnet-w<W>-<H>x<W>)");
    }
    Path dir = cache.model(name);
    Path card = dir.resolve(ModelCard.FILE_NEXT_TO_MODEL);
    if (!Files.isRegularFile(dir.resolve("saved_model.pb")) || !Files.isRegularFile(card)) {
      throw new IllegalArgumentException(name + ": no HRNet SavedModel in " + dir + "; import the official checkpoint first: "
          + "submit/models hrnet --width " + m.group(1) + " --input " + m.group(2) + "x" + m.group(3)
          + " --checkpoint pose_hrnet_w" + m.group(1) + "_" + m.group(2) + "x" + m.group(3) + ".pth");
    }
    boolean random = ModelCard.read(card).config().getBoolean("source.random-weights");
    if (random && !Boolean.getBoolean("posespark.hrnet.allowRandomWeights")) {
      throw new IllegalArgumentException(name + ": " + dir + " holds RANDOM weights (exported with --random-init); "
          + "import a real checkpoint with submit/models hrnet --checkpoint FILE.pth");
    }
    return dir;
  }
}
