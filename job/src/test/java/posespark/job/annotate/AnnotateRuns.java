package posespark.job.annotate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Builds run settings the way the command line does, with the test pipeline configured. */
final class AnnotateRuns {

  private AnnotateRuns() {}

  /** A --conf file selecting {@link ImageSizeTestPipeline}, plus any extra HOCON lines. */
  static Path testConf(Path dir, String... extra) {
    try {
      Files.createDirectories(dir);
      Path conf = dir.resolve("test-pipeline.conf");
      List<String> lines = new ArrayList<>();
      lines.add("posespark.pipeline.factory = \"" + ImageSizeTestPipeline.Factory.class.getName() + "\"");
      lines.add("posespark.annotate.progress-interval = 200ms");
      // The test pipeline's scores are not estimated OKS: count every pose unless a test says otherwise.
      lines.add("posespark.annotate.min-pose-score = 0");
      lines.addAll(List.of(extra));
      Files.write(conf, lines);
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings with {@code conf} as the --conf file as is (no test pipeline added). */
  static AnnotateSettings settingsWithConf(Path conf, String... args) {
    return settings(conf, args);
  }

  static AnnotateSettings settings(Path conf, String... args) {
    AnnotateCommand cli = new AnnotateCommand();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--conf");
    all.add(conf.toString());
    new CommandLine(cli).parseArgs(all.toArray(String[]::new));
    return AnnotateConfig.resolve(cli);
  }
}
