package posespark.models.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import posespark.models.card.ModelCards;
import posespark.models.zoo.ModelStatus;
import posespark.models.zoo.ModelZoo;

/** {@code models list}: one line per model, {@code name<TAB>kind<TAB>status}. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List zoo models: name<TAB>kind<TAB>status (ready|missing|error).")
final class ListCommand implements Callable<Integer> {
  @Mixin
  CacheOption cache;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ModelZoo zoo = new ModelZoo(cache.cache());
    for (String name : ModelZoo.MODELS) {
      ModelStatus status = zoo.status(name);
      spec.commandLine().getOut().println(name + "\t" + ModelCards.find(name).kind() + "\t" + status.label());
    }
    return 0;
  }
}
