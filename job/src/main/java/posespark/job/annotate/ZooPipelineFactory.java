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
import posespark.models.detect.ZooDetectors;
import posespark.models.ensemble.Localisation;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PosePipelines;
import posespark.models.pose.TtaOptions;
import posespark.models.zoo.ModelZoo;
import posespark.models.zoo.Sha256;

/**
 * The default pipeline: the model zoo's top-down ensemble ({@link PosePipelines}), starting from
 * {@link PipelineConfig#defaults()} and changed by the run's ensemble, flip, refine, decoder,
 * person detector ({@code posespark.pipeline.detector}: one of {@link ZooDetectors#SUPPORTED}) and
 * test-time-augmentation views ({@code posespark.pipeline.tta.scales}, {@code .rotations}).
 * Models are fetched and converted on first use into the zoo's cache; their sessions use the
 * executor's GPU and thread settings ({@link ExecutorContext#hostOptions()}).
 */
public final class ZooPipelineFactory implements PipelineFactory {

  @Override
  public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
    return PosePipelines.create(config(spec), spec.detect(), context.hostOptions());
  }

  @Override
  public void validate(PipelineSpec spec) {
    PipelineConfig config = config(spec);
    for (String model : config.ensemble().keySet()) {
      if (!ModelZoo.MODELS.contains(model)) {
        throw new IllegalArgumentException("--ensemble: unknown model '" + model + "' (zoo: "
            + String.join(", ", ModelZoo.MODELS) + ")");
      }
    }
    if (!ZooDetectors.SUPPORTED.contains(config.detector())) {
      throw new IllegalArgumentException("--detector must be one of " + String.join(", ",
          ZooDetectors.SUPPORTED) + ", not '" + config.detector() + "'");
    }
    if (spec.refine()) {
      throw new IllegalArgumentException(
          "--refine: pose refinement is not available in this version; run without --refine");
    }
  }

  @Override
  public String modelsId(PipelineSpec spec) {
    return config(spec).ensembleId();
  }

  /** sha256 of each used model's SavedModel graph, when it is in the cache. */
  @Override
  public Map<String, String> modelDigests(PipelineSpec spec) {
    PipelineConfig config = config(spec);
    Set<String> models = new LinkedHashSet<>(config.ensemble().keySet());
    if (spec.detect()) {
      models.add(config.detector());
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

  static PipelineConfig config(PipelineSpec spec) {
    PipelineConfig config = PipelineConfig.defaults();
    if (!spec.ensemble().isEmpty()) {
      config = config.withEnsemble(PipelineConfig.parseEnsemble(String.join(",", spec.ensemble())));
    }
    Config pipeline = ConfigFactory.parseString(spec.config());
    if (pipeline.hasPath("detector")) {
      config = config.withDetector(pipeline.getString("detector").strip(), config.boxFilter());
    }
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
