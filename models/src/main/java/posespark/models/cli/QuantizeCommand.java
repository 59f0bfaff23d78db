package posespark.models.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import posespark.models.quant.Int8ModelBuilder;
import posespark.models.zoo.ModelStatus;
import posespark.models.zoo.ModelZoo;

/** {@code models quantize}: the calibrated int8 variant of a zoo pose model ({@code <model>-int8}). */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = "Build <model>-int8: oneDNN int8 convolutions with ranges calibrated on ground-truth crops "
        + "of a COCO folder's even image ids; written next to the model in the cache.")
final class QuantizeCommand implements Callable<Integer> {
  @Mixin
  CacheOption cache;

  @Parameters(index = "0", paramLabel = "MODEL", description = "zoo pose model, e.g. movenet-thunder")
  String model;

  @Option(names = "--calibration", required = true, paramLabel = "DIR",
      description = "COCO folder with person_keypoints.json and images/ (e.g. ../shared/data/coco-train-dev)")
  Path calibration;

  @Option(names = "--crops", defaultValue = "300", paramLabel = "N",
      description = "calibration crops, each also run mirrored (default: ${DEFAULT-VALUE})")
  int crops;

  @Option(names = "--keep-fp32", paramLabel = "REGEX",
      description = "also keep the conv layers whose output name matches REGEX in fp32 (the heads' last layers always are)")
  java.util.regex.Pattern keepFp32;

  @Option(names = "--ranges", paramLabel = "FILE",
      description = "reuse calibrated ranges (an int8-ranges.tsv) instead of calibrating again")
  Path ranges;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!ModelZoo.MODELS.contains(model)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "unknown model '" + model + "'; the zoo has " + String.join(",", ModelZoo.MODELS));
    }
    if (!Files.isRegularFile(calibration.resolve("person_keypoints.json"))) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          calibration + ": no person_keypoints.json (give a COCO folder with images/)");
    }
    if (ranges != null && !Files.isRegularFile(ranges)) {
      throw new CommandLine.ParameterException(spec.commandLine(), ranges + ": no such ranges file");
    }
    if (crops < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--crops must be at least 1");
    }
    ModelZoo zoo = new ModelZoo(cache.cache());
    if (zoo.status(model) != ModelStatus.READY
        && zoo.fetch(List.of(model)).get(0).status() != ModelStatus.READY) {
      spec.commandLine().getErr().println("models: " + model + ": " + zoo.errorMessage(model));
      return 1;
    }
    Int8ModelBuilder.Summary s = Int8ModelBuilder.build(zoo.modelDir(model), calibration, crops,
        zoo.cache().model(model + Int8ModelBuilder.SUFFIX), keepFp32, ranges);
    spec.commandLine().getOut().println(String.format(Locale.ROOT,
        "%s%s\t%d of %d conv layers int8 (%d read int8 input directly), %d fp32 %s; %d calibration crops\t%s",
        model, Int8ModelBuilder.SUFFIX, s.quantized(), s.layers(), s.chained(), s.keptFp32().size(), s.keptFp32(),
        s.crops(), s.dir()));
    return 0;
  }
}
