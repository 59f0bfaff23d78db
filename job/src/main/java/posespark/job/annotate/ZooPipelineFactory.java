package posespark.job.annotate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import posespark.models.detect.BoxFusion;
import posespark.models.detect.PersonProposals;
import posespark.models.batching.BatchingOptions;
import posespark.models.detect.ZooDetectors;
import posespark.models.ensemble.Localisation;
import posespark.models.multipose.ZooMultipose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PosePipelines;
import posespark.models.card.ModelCard;
import posespark.models.refine.RefineSettings;
import posespark.models.pose.TtaOptions;
import posespark.models.tfjs.ModelImportException;
import posespark.models.zoo.ModelZoo;
import posespark.models.zoo.Sha256;

/**
 * The default pipeline: the model zoo's top-down ensemble ({@link PosePipelines}), starting from
 * {@link PipelineConfig#defaults()} and changed by the run's ensemble, flip, refine, decoder,
 * test-time-augmentation views ({@code posespark.pipeline.tta.scales}, {@code .rotations}) and
 * person proposals ({@code posespark.pipeline.detector}, one of {@link ZooDetectors#SUPPORTED}, or
 * {@code detectors} fused by {@code box-fusion}); {@code mode = bottom-up} builds the
 * {@link PosePipelines#bottomUp bottom-up pipeline} instead.
 * Models are fetched and converted on first use into the zoo's cache; their sessions use the
 * executor's GPU and thread settings ({@link ExecutorContext#hostOptions()}).
 */
public final class ZooPipelineFactory implements PipelineFactory {

  @Override
  public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
    if (bottomUp(spec)) {
      return PosePipelines.bottomUp(config(spec), context.hostOptions());
    }
    return PosePipelines.create(config(spec), spec.detect(), context.hostOptions(), refineSettings(spec),
        batching(spec, context.hostOptions().gpuDevice() >= 0));
  }

  /**
   * {@code posespark.pipeline.batching} of the spec for an executor with or without a GPU (off when the
   * block is absent). {@code enabled = auto} turns the queues on for GPU executors only: on the CPU the
   * tasks' own concurrent model calls were faster than merged ones (docs/batching.md).
   */
  static BatchingOptions batching(PipelineSpec spec, boolean gpu) {
    Config pipeline = ConfigFactory.parseString(spec.config());
    if (!pipeline.hasPath("batching")) {
      return BatchingOptions.OFF;
    }
    Config b = pipeline.getConfig("batching");
    try {
      String enabled = b.getString("enabled").trim();
      boolean on = switch (enabled) {
        case "auto" -> gpu;
        case "true", "on", "yes" -> true;
        case "false", "off", "no" -> false;
        default -> throw new IllegalArgumentException("posespark.pipeline.batching.enabled must be auto, true or"
            + " false, not '" + enabled + "'");
      };
      return new BatchingOptions(on, b.getInt("max-batch"), b.getDuration("max-wait"));
    } catch (com.typesafe.config.ConfigException e) {
      throw new IllegalArgumentException("posespark.pipeline.batching: " + e.getMessage());
    }
  }

  @Override
  public void validate(PipelineSpec spec) {
    PipelineConfig config = config(spec);
    if (bottomUp(spec) && !spec.detect()) {
      throw new IllegalArgumentException(
          "--mode bottom-up finds its own persons; it cannot take --boxes gt or a detections file");
    }
    for (String model : config.ensemble().keySet()) {
      if (!ModelZoo.MODELS.contains(model) && !ModelZoo.isDerived(model)) {
        throw new IllegalArgumentException("--ensemble: unknown model '" + model + "' (zoo: "
            + String.join(", ", ModelZoo.MODELS) + ", or a built <model>" + ModelZoo.DERIVED_SUFFIX + ")");
      }
      if (ModelZoo.isDerived(model)) {
        // Built variants are never fetched: refuse before Spark starts rather than fail every task.
        // The driver checks its own model cache (the executors' in local mode; share it on a cluster).
        try {
          ModelZoo.fromEnvironment().derivedDir(model);
        } catch (ModelImportException e) {
          throw new IllegalArgumentException("--ensemble: " + e.getMessage());
        }
      }
    }
    if (spec.refine() && bottomUp(spec)) {
      throw new IllegalArgumentException("--refine works on the top-down mode's poses, not with --mode bottom-up");
    }
    batching(spec, false);
    RefineSettings refine = refineSettings(spec);
    if (spec.refine() && refine.model() != null
        && !Files.isRegularFile(refine.model().resolve(ModelCard.FILE_NEXT_TO_MODEL))) {
      throw new IllegalArgumentException("refiner-model " + refine.model()
          + ": no SavedModel with a " + ModelCard.FILE_NEXT_TO_MODEL + " there");
    }
  }

  @Override
  public String modelsId(PipelineSpec spec) {
    if (bottomUp(spec)) {
      return ZooMultipose.MODEL + "/bottom-up";
    }
    String id = config(spec).ensembleId();
    return spec.refine() ? id + "/" + refineSettings(spec).id() : id;
  }

  /** sha256 of each used model's SavedModel graph, when it is in the cache. */
  @Override
  public Map<String, String> modelDigests(PipelineSpec spec) {
    PipelineConfig config = config(spec);
    Set<String> models = new LinkedHashSet<>();
    if (bottomUp(spec)) {
      models.add(ZooMultipose.MODEL);
    } else {
      models.addAll(config.ensemble().keySet());
      if (spec.detect()) {
        for (String d : PersonProposals.parse(config.detector()).detectors()) {
          models.add(d.equals("multipose") ? ZooMultipose.MODEL : d);
        }
      }
    }
    ModelZoo zoo = ModelZoo.fromEnvironment();
    Map<String, String> digests = new LinkedHashMap<>();
    for (String name : models) {
      Path graph = zoo.modelDir(name).resolve("saved_model.pb");
      try {
        digests.put(name, Files.isRegularFile(graph) ? Sha256.of(graph) : "not-fetched");
      } catch (IOException e) {
        digests.put(name, "unreadable");
      }
    }
    return digests;
  }

  /** {@code mode}: top-down (default) or bottom-up; a one-line error otherwise. */
  static boolean bottomUp(PipelineSpec spec) {
    Config pipeline = ConfigFactory.parseString(spec.config());
    String mode = pipeline.hasPath("mode") ? pipeline.getString("mode").strip() : "top-down";
    return switch (mode) {
      case "top-down" -> false;
      case "bottom-up" -> true;
      default -> throw new IllegalArgumentException("--mode must be top-down or bottom-up, not '"
          + mode + "'");
    };
  }

  /**
   * {@code detectors} (fused by {@code box-fusion}) when set, else {@code detector} alone;
   * unknown names are one-line errors.
   */
  static PersonProposals proposals(Config pipeline, String defaultDetector) {
    BoxFusion fusion = BoxFusion.parse(pipeline.hasPath("box-fusion")
        ? pipeline.getString("box-fusion") : "wbf");
    List<String> several = pipeline.hasPath("detectors") ? pipeline.getStringList("detectors")
        : List.of();
    if (several.stream().anyMatch(d -> !d.isBlank())) {
      return PersonProposals.of(several, fusion);
    }
    String one = pipeline.hasPath("detector") ? pipeline.getString("detector").strip() : defaultDetector;
    if (!ZooDetectors.SUPPORTED.contains(one)) {
      throw new IllegalArgumentException("--detector must be one of " + String.join(", ",
          ZooDetectors.SUPPORTED) + ", not '" + one + "'");
    }
    return PersonProposals.of(List.of(one), fusion);
  }

  /** The refinement settings: the measured default, or the learned refiner the config names. */
  static RefineSettings refineSettings(PipelineSpec spec) {
    Config pipeline = ConfigFactory.parseString(spec.config());
    RefineSettings settings = RefineSettings.defaults();
    if (pipeline.hasPath("refiner-model") && !pipeline.getString("refiner-model").isBlank()) {
      settings = settings.withModel(Path.of(pipeline.getString("refiner-model").strip()));
    }
    return settings;
  }

  static PipelineConfig config(PipelineSpec spec) {
    PipelineConfig config = PipelineConfig.defaults();
    if (!spec.ensemble().isEmpty()) {
      config = config.withEnsemble(PipelineConfig.parseEnsemble(String.join(",", spec.ensemble())));
    }
    Config pipeline = ConfigFactory.parseString(spec.config());
    config = config.withDetector(proposals(pipeline, config.detector()).id(), config.boxFilter());
    if (pipeline.hasPath("tta.scales") || pipeline.hasPath("tta.rotations")) {
      config = config.withTta(TtaOptions.views(
          pipeline.hasPath("tta.scales") ? pipeline.getList("tta.scales").unwrapped() : List.of(),
          pipeline.hasPath("tta.rotations") ? pipeline.getList("tta.rotations").unwrapped() : List.of()));
    }
    return config.withFlip(spec.flip())
        .withRefine(spec.refine())
        .withLocalisation(Localisation.valueOf(spec.decoder().toUpperCase(Locale.ROOT)));
  }
}
