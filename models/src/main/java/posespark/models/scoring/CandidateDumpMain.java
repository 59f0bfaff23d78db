package posespark.models.scoring;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;
import posespark.models.geometry.Box;
import posespark.models.heatmap.HeatmapStats;
import posespark.models.image.DecodeOptions;
import posespark.models.image.ImageDecoder;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PosePipelines;
import posespark.models.pose.PoseRequest;
import posespark.models.report.AccuracyReport;
import posespark.models.report.CocoImageFiles;

/**
 * {@code submit/lib/fit-pose-scoring.sh}, step 1: runs the default pose pipeline over a COCO folder
 * and writes every candidate pose BEFORE OKS-NMS (box, box score, 17 keypoints, image size, the
 * decoder's heatmap statistics) as a
 * {@link CandidateTable} file. Fitting and evaluating a scoring model then needs no model run.
 */
@Command(name = "candidate-dump", mixinStandardHelpOptions = true,
    description = "Dump the pipeline's candidate poses (before OKS-NMS) of a COCO folder.")
public final class CandidateDumpMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(CandidateDumpMain.class);
  private static final int CHUNK = 8;

  @Option(names = "--data", required = true, description = "folder with person_keypoints.json and images/")
  Path data;

  @Option(names = "--boxes", defaultValue = "detector", description = "gt or detector (default: ${DEFAULT-VALUE})")
  String boxes;

  @Option(names = "--out", required = true, description = "candidate file to write (TSV)")
  Path out;

  @Option(names = "--limit", defaultValue = "0", description = "first N images only (0: all)")
  int limit;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CandidateDumpMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean detect = switch (boxes) {
      case "gt" -> false;
      case "detector" -> true;
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "--boxes must be gt or detector, not '" + boxes + "'");
    };
    Path gtFile = data.resolve("person_keypoints.json");
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    Map<Long, String> files = CocoImageFiles.read(gtFile);
    // OKS above 1 never happens: every candidate survives, so NMS can be replayed with any score.
    PipelineConfig keepAll = PipelineConfig.defaults().withOksNmsThreshold(2.0).withCalibrated(false);
    PosePipeline pipeline = PosePipelines.create(keepAll, detect);
    long[] ids = gt.imageIds();
    if (limit > 0 && limit < ids.length) {
      ids = Arrays.copyOf(ids, limit);
    }
    long start = System.nanoTime();
    int written = 0;
    try (ImageDecoder decoder = new ImageDecoder(new DecodeOptions(DecodeOptions.DEFAULT.maxPixels(), false), 2);
        BufferedWriter w = Files.newBufferedWriter(out)) {
      AccuracyReport.ImageLoader loader = AccuracyReport.decoding(decoder, data.resolve("images"), files);
      w.write(CandidateTable.HEADER);
      w.newLine();
      for (int from = 0; from < ids.length; from += CHUNK) {
        long[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + CHUNK));
        List<PoseRequest> batch = new ArrayList<>();
        for (long id : chunk) {
          var image = loader.load(id);
          batch.add(new PoseRequest(id, image,
              detect ? null : AccuracyReport.groundTruthBoxes(gt.annotations(id))));
        }
        List<ImagePoses> answers = pipeline.annotate(batch);
        for (int i = 0; i < chunk.length; i++) {
          ImagePoses a = answers.get(i);
          if (!a.ok()) {
            throw new IllegalStateException("image " + a.imageId() + ": " + a.error());
          }
          var image = batch.get(i).image();
          for (PersonPose p : a.persons()) {
            w.write(line(boxes, a.imageId(), image.width(), image.height(), p));
            w.newLine();
            written++;
          }
        }
        w.flush();
        LOG.info("{} / {} images, {} candidates, {} s", from + chunk.length, ids.length, written,
            (System.nanoTime() - start) / 1_000_000_000L);
      }
    }
    return 0;
  }

  private static String line(String source, long imageId, int width, int height, PersonPose p) {
    Box b = p.box();
    StringBuilder s = new StringBuilder();
    s.append(source).append('\t').append(imageId).append('\t').append(width).append('\t').append(height);
    for (double v : new double[] {b.x(), b.y(), b.w(), b.h(), b.score()}) {
      s.append('\t').append(String.format(Locale.ROOT, "%.6g", v));
    }
    for (float v : p.keypoints()) {
      s.append('\t').append(String.format(Locale.ROOT, "%.6g", v));
    }
    if (p.heatmapStats().length != 17 * HeatmapStats.PER_JOINT) {
      throw new IllegalStateException("image " + imageId + ": a candidate without heatmap statistics");
    }
    for (float v : p.heatmapStats()) {
      s.append('\t').append(String.format(Locale.ROOT, "%.5g", v));
    }
    return s.toString();
  }
}
