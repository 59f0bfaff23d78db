package posespark.job.eval;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.CocoFormatException;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.IouType;
import posespark.eval.coco.OksSigmas;
import posespark.eval.report.EvalJson;
import posespark.eval.report.HtmlReport;
import posespark.job.launch.Launcher;
import posespark.job.storage.DriverFiles;
import posespark.models.keypoints.CocoKeypoints;

/**
 * {@code submit/evaluate}: COCO evaluation of results (a COCO results JSON file or a poses table)
 * against COCO ground truth, with pycocotools' numbers and summary lines.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "COCO evaluation (pycocotools' COCOeval semantics) as a Spark job.")
public final class EvaluateMain implements Callable<Integer> {

  @Option(names = "--gt", required = true, paramLabel = "COCO.json",
      description = "COCO ground truth (a path or any Hadoop file system URI, as every file here)")
  String gt;

  @Option(names = "--results", required = true, paramLabel = "RESULTS",
      description = "COCO results JSON file, or a poses table folder (Parquet)")
  String results;

  @Option(names = "--iou-type", defaultValue = "keypoints", paramLabel = "keypoints|bbox",
      description = "what to compare: keypoints (OKS) or bbox (IoU); default ${DEFAULT-VALUE}")
  String iouType;

  @Option(names = "--json", paramLabel = "FILE", description = "write stats (pycocotools' order) and details as JSON")
  String json;

  @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML report with PR curves")
  String html;

  @Option(names = "--sigmas", defaultValue = "coco", paramLabel = "coco|crowdpose|S1,S2,...",
      description = "OKS sigmas: a named set or one value per keypoint; default ${DEFAULT-VALUE}")
  String sigmas;

  @Option(names = "--engine", defaultValue = "spark", paramLabel = "spark|local",
      description = "spark (distributed) or local (one JVM, for small inputs); default ${DEFAULT-VALUE}")
  String engine;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "folder for intermediate buckets (shared storage on a real cluster); default: a temp folder")
  String workDir;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "partitions of the per-image and sort stages; 0 picks from the input size")
  int partitions;

  private final PrintStream out;

  EvaluateMain(PrintStream out) {
    this.out = out;
  }

  public EvaluateMain() {
    this(System.out);
  }

  @Override
  public Integer call() throws Exception {
    IouType type = IouType.parse(iouType);
    double[] s = OksSigmas.parse(sigmas);
    EvalParams params = type == IouType.KEYPOINTS ? EvalParams.keypoints(s) : EvalParams.bbox();
    if (!engine.equals("spark") && !engine.equals("local")) {
      throw new IllegalArgumentException("--engine must be spark or local, not '" + engine + "'");
    }
    Configuration hadoop = DriverFiles.hadoopConf();
    if (!DriverFiles.exists(gt, hadoop)) {
      throw new CocoFormatException(gt, "no such file");
    }
    if (!DriverFiles.exists(results, hadoop)) {
      throw new CocoFormatException(results, "no such file or folder");
    }
    boolean posesTable = DriverFiles.isDirectory(results, hadoop);
    long start = System.nanoTime();
    CocoEvalResult result;
    // The driver streams JSON files; remote ones through a local copy. A poses table is read by Spark.
    try (DriverFiles.LocalFile gtFile = DriverFiles.read(gt, hadoop);
        DriverFiles.LocalFile resultsFile = posesTable ? null : DriverFiles.read(results, hadoop)) {
      try {
        if (engine.equals("local") && !posesTable) {
          result = new CocoEvaluator(params).evaluate(gtFile.path(), resultsFile.path());
        } else {
          result = evaluateWithSpark(params, gtFile.path(),
              resultsFile == null ? null : resultsFile.path());
        }
      } catch (CocoFormatException e) {
        // Name the user's files, not their local copies.
        String message = gtFile.named(resultsFile == null ? e.getMessage()
            : resultsFile.named(e.getMessage()));
        int colon = message.indexOf(": ");
        throw colon < 0 ? e : new CocoFormatException(message.substring(0, colon),
            message.substring(colon + 2), e);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (String line : result.summaryLines()) {
      out.println(line);
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("engine", engine);
    facts.put("gt", gt);
    facts.put("results", results);
    facts.put("seconds", seconds);
    List<String> names = s.length == CocoKeypoints.COUNT ? CocoKeypoints.NAMES : List.of();
    if (json != null) {
      try (DriverFiles.LocalFile file = DriverFiles.write(json, hadoop)) {
        EvalJson.write(file.path(), result, names, facts);
        file.publish();
      }
    }
    if (html != null) {
      try (DriverFiles.LocalFile file = DriverFiles.write(html, hadoop)) {
        HtmlReport.write(file.path(), result, names, facts);
        file.publish();
      }
    }
    return 0;
  }

  /** {@code resultsFile} null: {@link #results} is a poses table. */
  private CocoEvalResult evaluateWithSpark(EvalParams params, Path gtFile, Path resultsFile)
      throws Exception {
    // Defaults for a short batch job; --spark-conf / spark-defaults still win.
    SparkSession.Builder builder = Launcher.session("posespark-evaluate").config("spark.serializer",
        new SparkConf().get("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
    // Intermediate buckets go to a fresh folder (under --work-dir if given), removed afterwards.
    Path tmp = null;
    String dir;
    if (workDir == null) {
      tmp = Files.createTempDirectory("posespark-evaluate-");
      dir = tmp.toUri().toString();
    } else {
      dir = workDir.replaceAll("/+$", "") + "/posespark-evaluate-" + java.util.UUID.randomUUID();
    }
    SparkSession spark = builder.getOrCreate();
    try {
      SparkCocoEvaluator evaluator = new SparkCocoEvaluator(spark, params, dir, partitions);
      if (resultsFile == null) {
        return evaluator.evaluate(gtFile, PosesTableDetections.read(spark, results, params.keypointCount()),
            results);
      }
      return evaluator.evaluate(gtFile, resultsFile);
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      } else {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
        path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
      }
      spark.stop();
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Runs the command; bad input ends with one line on stderr and exit status 2. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return Launcher.run("evaluate", new EvaluateMain(out), new PrintWriter(out, true),
        new PrintWriter(err, true), e -> {
          Throwable cause = badInput(e);
          return cause == null ? null : String.valueOf(cause.getMessage());
        }, args);
  }

  /** The bad-input exception behind {@code e} (possibly wrapped by Spark), or null. */
  static Throwable badInput(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CocoFormatException || t instanceof IllegalArgumentException) {
        return t;
      }
    }
    // A task's exception reaches the driver as text inside a SparkException.
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      int at = m == null ? -1 : m.indexOf(CocoFormatException.class.getName() + ": ");
      if (at >= 0) {
        String rest = m.substring(at + CocoFormatException.class.getName().length() + 2);
        int nl = rest.indexOf('\n');
        return new IllegalStateException(nl < 0 ? rest : rest.substring(0, nl));
      }
    }
    return null;
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }
}
