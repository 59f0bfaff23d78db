package posespark.models.card;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import posespark.models.tfjs.ConversionRecipe;

/**
 * A model card ({@code conf/models/<name>.conf}, HOCON): where the model comes from and its
 * checksums, licence, input contract (size, dtype, value range, layout), signature outputs and how
 * to read its heatmaps (stride, cell centre, activation, channel → COCO-17 map, flip pairs), plus
 * the conversion recipe and runtime settings. A copy named {@value #FILE_NEXT_TO_MODEL} sits in
 * every converted SavedModel folder.
 */
public final class ModelCard {
  /** File name of the card copy inside a SavedModel folder. */
  public static final String FILE_NEXT_TO_MODEL = "card.conf";

  private final Config config;
  private final String origin;

  private ModelCard(Config config, String origin) {
    this.config = config;
    this.origin = origin;
  }

  /** Reads a card file; errors name the file. */
  public static ModelCard read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": model card is missing");
    }
    try {
      Config c = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
      return new ModelCard(c, file.toString());
    } catch (ConfigException e) {
      throw new IllegalArgumentException(file + ": invalid model card: " + e.getMessage(), e);
    }
  }

  /** Parses card text (from a jar resource); {@code origin} names it in errors. */
  public static ModelCard parse(String text, String origin) {
    try {
      return new ModelCard(ConfigFactory.parseString(text).resolve(), origin);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(origin + ": invalid model card: " + e.getMessage(), e);
    }
  }

  /** The whole card, for fields without a typed accessor. */
  public Config config() {
    return config;
  }

  public String name() {
    return string("name");
  }

  /** {@code pose} or {@code detector}. */
  public String kind() {
    return string("kind");
  }

  /** npm package (name@version) the model files come from. */
  public String sourcePackage() {
    return string("source.package") + "@" + string("source.version");
  }

  /** Files inside the npm package, relative to its root (model.json first). */
  public List<String> sourceFiles() {
    return list("source.files");
  }

  /** Expected sha256 per source file name (file name without folders). */
  public Map<String, String> sha256() {
    Map<String, String> out = new LinkedHashMap<>();
    Config sums = config.getConfig("source.sha256");
    sums.root().keySet().forEach(k -> out.put(k, sums.getString("\"" + k + "\"")));
    return out;
  }

  public int inputHeight() {
    return config.getIntList("input.size").get(0);
  }

  public int inputWidth() {
    return config.getIntList("input.size").get(1);
  }

  /** {@code int32} or {@code float32}. */
  public String inputDtype() {
    return string("input.dtype");
  }

  /** Value range the model expects, e.g. [0, 255] or [0, 1]. */
  public double[] inputRange() {
    return config.getDoubleList("input.range").stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** True when the converted model accepts any batch size. */
  public boolean dynamicBatch() {
    return config.getBoolean("conversion.dynamic-batch");
  }

  /** Signature output keys, in card order. */
  public List<String> outputKeys() {
    return List.copyOf(config.getObject("outputs").keySet());
  }

  /** Declared shape of an output, -1 for the batch. */
  public long[] outputShape(String key) {
    return config.getLongList("outputs." + key + ".shape").stream().mapToLong(Long::longValue).toArray();
  }

  /** True when the card describes heatmaps (pose models). */
  public boolean hasHeatmap() {
    return config.hasPath("heatmap");
  }

  /** Input pixels per heatmap cell. */
  public double heatmapStride() {
    return config.getDouble("heatmap.stride");
  }

  /**
   * Offset of a cell's centre in cell units: cell i covers normalised position
   * (i + offset) / H; 0.5 for MoveNet, 0 for BlazePose.
   */
  public double heatmapCellCentre() {
    return config.getDouble("heatmap.cell-centre");
  }

  /** {@code sigmoid} (probabilities) or {@code logits}. */
  public String heatmapActivation() {
    return string("heatmap.activation");
  }

  /** Heatmap channel of each COCO-17 keypoint, in COCO order. */
  public int[] cocoChannels() {
    return config.getIntList("heatmap.coco-channels").stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether grappler's remapper may run for this model (runtime.remapping, default true). */
  public boolean remapping() {
    return !config.hasPath("runtime.remapping") || config.getBoolean("runtime.remapping");
  }

  /** The conversion recipe of a TFJS model. */
  public ConversionRecipe recipe() {
    Config c = config.getConfig("conversion");
    ConversionRecipe.Builder b = ConversionRecipe.builder(c.getString("input-node"));
    if (c.getBoolean("dynamic-batch")) {
      b.dynamicBatch();
    }
    if (c.hasPath("nchw-input") && c.getBoolean("nchw-input")) {
      b.nchwInput();
    }
    if (c.hasPath("rescale-hard-swish") && c.getBoolean("rescale-hard-swish")) {
      b.rescaleHardSwish();
    }
    if (c.hasPath("rewire")) {
      for (Config r : c.getConfigList("rewire")) {
        b.rewire(r.getString("consumer"), r.getInt("index"), r.getString("source"));
      }
    }
    if (c.hasPath("constant-inputs")) {
      for (Config r : c.getConfigList("constant-inputs")) {
        b.constantInput(r.getString("consumer"), r.getInt("index"),
            r.getLongList("int64").stream().mapToLong(Long::longValue).toArray());
      }
    }
    for (String key : outputKeys()) {
      b.output(key, config.getString("outputs." + key + ".tensor"));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "ModelCard(" + origin + ")";
  }

  private String string(String path) {
    try {
      return config.getString(path);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  private List<String> list(String path) {
    try {
      return config.getStringList(path);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }
}
