package posespark.job.annotate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import posespark.job.source.InputKind;
import posespark.models.pose.TtaOptions;
import posespark.models.scoring.PoseScoringModel;

/**
 * Resolves the settings of a run from {@code posespark.conf} (packaged from {@code conf/}), an
 * optional {@code --conf} file and the command line, and validates them, all before Spark starts.
 * Every problem is an {@link IllegalArgumentException} whose message is the one line to print.
 */
final class AnnotateConfig {

  private AnnotateConfig() {}

  static Config load(File userConf) {
    return load(userConf, null);
  }

  /**
   * The defaults, then the {@code preset} (null: none) over them, then the {@code --conf} file over
   * both; flags come later ({@link #resolve}).
   */
  static Config load(File userConf, String preset) {
    Config defaults = ConfigFactory.parseResources(AnnotateConfig.class.getClassLoader(),
        "posespark.conf");
    if (!defaults.hasPath("posespark.annotate")) {
      throw new IllegalArgumentException("posespark.conf is missing from the classpath (rebuild posespark)");
    }
    if (preset != null) {
      defaults = Presets.get(preset).withFallback(defaults);
    }
    if (userConf == null) {
      return defaults.resolve();
    }
    if (!userConf.isFile()) {
      throw new IllegalArgumentException("--conf " + userConf + ": no such file");
    }
    try {
      return ConfigFactory.parseFile(userConf).withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("--conf " + userConf + ": " + e.getMessage());
    }
  }

  static AnnotateSettings resolve(AnnotateCommand cli) {
    Config config = withCommandLine(cli, load(cli.conf, cli.preset));
    try {
      return settings(cli, config);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration: " + e.getMessage());
    }
  }

  /** Command-line flags as config overrides, so that the digest covers what actually ran. */
  private static Config withCommandLine(AnnotateCommand cli, Config config) {
    Map<String, Object> o = new HashMap<>();
    put(o, "posespark.annotate.boxes", cli.boxes);
    put(o, "posespark.annotate.min-box-score", cli.minBoxScore);
    put(o, "posespark.annotate.min-pose-score", cli.minPoseScore);
    put(o, "posespark.annotate.dataset", cli.dataset);
    put(o, "posespark.annotate.batch-size", cli.batchSize);
    put(o, "posespark.annotate.images-per-partition", cli.imagesPerPartition);
    put(o, "posespark.annotate.exif-orientation", cli.exifOrientation);
    put(o, "posespark.annotate.max-pixels", cli.maxPixels);
    put(o, "posespark.pipeline.ensemble", cli.ensemble);
    put(o, "posespark.pipeline.flip", cli.noFlip ? Boolean.FALSE : null);
    put(o, "posespark.pipeline.refine", cli.refineInput != null && cli.refine == null ? Boolean.TRUE : cli.refine);
    put(o, "posespark.annotate.refine-input", cli.refineInput);
    put(o, "posespark.pipeline.decoder", cli.decoder);
    put(o, "posespark.pipeline.detector", cli.detector);
    put(o, "posespark.pipeline.detectors", cli.detectors);
    put(o, "posespark.pipeline.box-fusion", cli.boxFusion);
    put(o, "posespark.pipeline.mode", cli.mode);
    put(o, "posespark.pipeline.tta.scales", cli.ttaScales == null ? null : TtaOptions.split(cli.ttaScales));
    put(o, "posespark.pipeline.tta.rotations",
        cli.ttaRotations == null ? null : TtaOptions.split(cli.ttaRotations));
    Config result = config;
    for (Map.Entry<String, Object> e : o.entrySet()) {
      result = result.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return result;
  }

  private static void put(Map<String, Object> o, String key, Object value) {
    if (value != null) {
      o.put(key, value);
    }
  }

  private static AnnotateSettings settings(AnnotateCommand cli, Config config) {
    Config a = config.getConfig("posespark.annotate");
    Config p = config.getConfig("posespark.pipeline");
    if (cli.input == null) {
      throw new IllegalArgumentException("--input is required (folder, glob, manifest or COCO JSON)");
    }
    if (cli.output == null) {
      throw new IllegalArgumentException("--output is required");
    }
    InputKind kind = InputKind.of(cli.input);
    requireLocalExists("--input", cli.input, !isGlob(cli.input));
    String imageRoot = cli.imageRoot;
    if (kind == InputKind.COCO_JSON && imageRoot == null && !isLocal(cli.input)) {
      // On a remote file system the folder is checked by reading the files, in the tasks.
      imageRoot = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(cli.input).getParent(),
          "images").toString();
    } else if (kind == InputKind.COCO_JSON && imageRoot == null) {
      File beside = new File(new File(localPath(cli.input)).getAbsoluteFile().getParentFile(), "images");
      if (!beside.isDirectory()) {
        throw new IllegalArgumentException("COCO input " + cli.input
            + " needs --image-root (no images/ folder beside it)");
      }
      imageRoot = beside.getPath();
    } else if (imageRoot != null && kind != InputKind.COCO_JSON) {
      throw new IllegalArgumentException("--image-root applies to COCO JSON input only");
    }
    if (imageRoot != null) {
      requireLocalExists("--image-root", imageRoot, true);
    }
    if (isLocal(cli.output) && new File(localPath(cli.output)).isFile()) {
      throw new IllegalArgumentException("--output " + cli.output + " is a file, not a folder");
    }

    String refineInput = a.getString("refine-input").isBlank() ? null : a.getString("refine-input");
    if (refineInput != null) {
      requireLocalExists("--refine-input", refineInput, true);
      if (!p.getBoolean("refine")) {
        throw new IllegalArgumentException("--refine-input refines given poses; it cannot run with --no-refine");
      }
      if (cli.boxes != null) {
        throw new IllegalArgumentException("--refine-input takes the persons from its poses; drop --boxes");
      }
    }
    String boxesValue = a.getString("boxes");
    AnnotateSettings.BoxMode boxes;
    String boxesFile = null;
    if (boxesValue.equals("detector")) {
      boxes = AnnotateSettings.BoxMode.DETECTOR;
    } else if (boxesValue.equals("gt")) {
      if (kind != InputKind.COCO_JSON) {
        throw new IllegalArgumentException("--boxes gt needs a COCO JSON --input (its annotations)");
      }
      boxes = AnnotateSettings.BoxMode.GT;
    } else if (boxesValue.toLowerCase(Locale.ROOT).endsWith(".json")) {
      requireLocalExists("--boxes", boxesValue, true);
      boxes = AnnotateSettings.BoxMode.FILE;
      boxesFile = boxesValue;
    } else {
      throw new IllegalArgumentException("--boxes must be detector, gt or a COCO detections .json file, not '"
          + boxesValue + "'");
    }

    String exif = a.getString("exif-orientation");
    boolean applyExif = switch (exif) {
      case "apply" -> true;
      case "ignore" -> false;
      case "auto" -> kind != InputKind.COCO_JSON;
      default -> throw new IllegalArgumentException(
          "exif-orientation must be apply, ignore or auto, not '" + exif + "'");
    };
    String decoder = p.getString("decoder");
    if (!List.of("quarter", "dark", "offsets").contains(decoder)) {
      throw new IllegalArgumentException("--decoder must be quarter, dark or offsets, not '"
          + decoder + "'");
    }
    TtaOptions.views(p.getList("tta.scales").unwrapped(), p.getList("tta.rotations").unwrapped());
    List<String> ensemble = p.getStringList("ensemble").stream().map(String::strip)
        .filter(m -> !m.isEmpty()).toList();
    String factory = p.getString("factory");
    if (factory.isBlank()) {
      throw new IllegalArgumentException(
          "no pose pipeline configured: set posespark.pipeline.factory (see docs/annotate.md)");
    }
    PipelineFactory pipelineFactory = PipelineFactories.load(factory); // fails before Spark starts
    int batchSize = positive(a.getInt("batch-size"), "batch-size");
    int perPartition = positive(a.getInt("images-per-partition"), "images-per-partition");
    long maxPixels = positive(a.getLong("max-pixels"), "max-pixels");
    long maxFileBytes = positive(a.getBytes("max-file-bytes"), "max-file-bytes");
    double minBoxScore = a.getDouble("min-box-score");
    double minPoseScore = minPoseScore(a.getString("min-pose-score"));

    LocalDate runDate;
    try {
      runDate = cli.runDate == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(cli.runDate);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--run-date must be YYYY-MM-DD, not '" + cli.runDate + "'");
    }
    String dataset = a.getString("dataset").isEmpty() ? datasetName(cli.input) : a.getString("dataset");
    if (!dataset.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("dataset name '" + dataset
          + "' may hold only letters, digits, '_', '.' and '-'");
    }

    PipelineSpec spec = new PipelineSpec(factory, List.copyOf(ensemble), p.getBoolean("flip"),
        p.getBoolean("refine"), decoder, boxes == AnnotateSettings.BoxMode.DETECTOR && refineInput == null,
        p.root().render(ConfigRenderOptions.concise()));
    pipelineFactory.validate(spec);
    int prefetchBatches = a.getInt("prefetch-batches");
    if (prefetchBatches < 0) {
      throw new IllegalArgumentException("prefetch-batches must be >= 0, not " + prefetchBatches);
    }
    TaskSettings task = new TaskSettings(batchSize, maxFileBytes, maxPixels, applyExif, spec,
        minPoseScore, prefetchBatches);
    String digest = sha256(config.getConfig("posespark").root()
        .render(ConfigRenderOptions.concise().setJson(true)));
    return new AnnotateSettings(cli.input, imageRoot, cli.output, dataset, runDate, boxes,
        boxesFile, minBoxScore, perPartition, cli.cocoResults, a.getDuration("progress-interval"),
        task, digest, refineInput);
  }

  /** "fitted" (the scoring model's measured threshold) or a number in [0, 1]. */
  static double minPoseScore(String value) {
    String v = value.strip();
    if (v.equals("fitted")) {
      return PoseScoringModel.committed().minPoseScore();
    }
    double s;
    try {
      s = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      s = Double.NaN;
    }
    if (!(s >= 0 && s <= 1)) {
      throw new IllegalArgumentException("--min-pose-score must be 'fitted' or a number from 0 to 1, not '"
          + value + "'");
    }
    return s;
  }

  /** A dataset name from the input: the JSON's or manifest's stem, the folder's name. */
  static String datasetName(String input) {
    String path = input.replaceAll("/+$", "");
    if (isGlob(path)) {
      path = path.substring(0, path.lastIndexOf('/', firstGlobChar(path)) + 1).replaceAll("/+$", "");
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (InputKind.of(name) != InputKind.FILES || name.matches(".*\\.(jpe?g|png|gif|bmp)$")) {
      name = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }
    String clean = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return clean.isEmpty() ? "images" : clean;
  }

  private static boolean isGlob(String path) {
    return firstGlobChar(path) >= 0;
  }

  private static int firstGlobChar(String path) {
    for (int i = 0; i < path.length(); i++) {
      if ("*?[{".indexOf(path.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isLocal(String path) {
    String scheme = URI.create(path.replace(" ", "%20").replaceAll("[\\[\\]{}*?]", "_")).getScheme();
    return scheme == null || scheme.equals("file");
  }

  private static String localPath(String path) {
    return path.startsWith("file:") ? URI.create(path).getPath() : path;
  }

  private static void requireLocalExists(String flag, String path, boolean check) {
    if (check && isLocal(path) && !new File(localPath(path)).exists()) {
      throw new IllegalArgumentException(flag + " " + path + ": no such file or folder");
    }
  }

  private static int positive(int v, String key) {
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, not " + v);
    }
    return v;
  }

  private static long positive(long v, String key) {
    if (v <= 0) {
      throw new IllegalArgumentException(key + " must be positive, not " + v);
    }
    return v;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
