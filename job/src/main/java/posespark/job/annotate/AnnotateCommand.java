package posespark.job.annotate;

import java.io.File;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code submit/annotate} command line (parsed by picocli; resolved by {@link AnnotateConfig}).
 * Other commands that take every annotate option extend it.
 */
@Command(name = "annotate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Annotates human poses (COCO 17 keypoints) in images; writes the poses, images "
        + "and runs tables (Parquet) under --output.")
public class AnnotateCommand {

  @Option(names = "--input", paramLabel = "<dir|glob|manifest|coco.json>",
      description = "Folder (recursive), file, glob, manifest (.txt/.lst/.csv/.parquet of URIs) "
          + "or COCO JSON.")
  String input;

  @Option(names = "--image-root", paramLabel = "DIR",
      description = "Folder of a COCO JSON's file_names (default: images/ beside the JSON).")
  String imageRoot;

  @Option(names = "--output", paramLabel = "DIR", description = "Where the tables go.")
  String output;

  @Option(names = "--boxes", paramLabel = "detector|gt|<coco-detections.json>",
      description = "Person boxes: the detector, COCO ground truth, or a detections file.")
  String boxes;

  @Option(names = "--min-box-score", paramLabel = "S",
      description = "Drop detections below this score (detections file only).")
  Double minBoxScore;

  @Option(names = "--min-pose-score", paramLabel = "S|fitted",
      description = "Poses scoring at least S are confident and counted in num_persons; the others "
          + "stay in poses with confident = false (default: fitted, the threshold measured with the "
          + "scoring model).")
  String minPoseScore;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "Settings on the accuracy/speed curve (conf/presets.conf): fast = "
          + "movenet-lightning, no flip; balanced = movenet-thunder + flip; accurate = the default "
          + "ensemble + flip; balanced-int8 / accurate-int8 = the same with int8 models (build them "
          + "first: submit/models quantize). A --conf file and explicit flags override it.")
  String preset;

  @Option(names = "--ensemble", paramLabel = "a,b,...", split = ",",
      description = "Pose models of the ensemble (zoo names).")
  List<String> ensemble;

  @Option(names = "--no-flip", description = "Do not average with horizontally flipped crops.")
  boolean noFlip;

  @Option(names = "--refine", negatable = true,
      description = "Run (or skip) the refinement stage after the first pass (default: off).")
  Boolean refine;

  @Option(names = "--refine-input", paramLabel = "FILE",
      description = "Refine the poses of this COCO keypoint results JSON (image_id, keypoints, score) "
          + "instead of estimating: images come from --input, persons from the file.")
  String refineInput;

  @Option(names = "--decoder", paramLabel = "quarter|dark|offsets",
      description = "Keypoint localisation: quarter offset, DARK, or MoveNet's own offsets.")
  String decoder;

  @Option(names = "--tta-scales", paramLabel = "s,s,...",
      description = "Test-time augmentation: also run crops scaled by these factors (e.g. 0.9,1,1.15; "
          + "1 is the plain crop) and average their heatmaps.")
  String ttaScales;

  @Option(names = "--tta-rotations", paramLabel = "deg,deg,...",
      description = "Test-time augmentation: also run crops turned by these angles in degrees "
          + "(e.g. -10,10) and average their heatmaps.")
  String ttaRotations;

    @Option(names = "--detector", paramLabel = "centernet|nanodet|multipose",
      description = "Person detector for --boxes detector.")
  String detector;

  @Option(names = "--detectors", paramLabel = "a,b,...", split = ",",
      description = "Several person detectors (centernet, nanodet, multipose) whose boxes are "
          + "fused (--box-fusion); overrides --detector.")
  List<String> detectors;

  @Option(names = "--box-fusion", paramLabel = "wbf|nms",
      description = "How the boxes of several --detectors become one list: weighted box fusion "
          + "or pooled NMS.")
  String boxFusion;

  @Option(names = "--mode", paramLabel = "top-down|bottom-up",
      description = "top-down: boxes, then the pose ensemble on crops; bottom-up: "
          + "MoveNet-multipose on whole images (fast, no detector).")
  String mode;

  @Option(names = "--coco-results", paramLabel = "FILE",
      description = "Also write COCO keypoint results JSON here.")
  String cocoResults;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Value of the dataset partition column (default: from the input's name).")
  String dataset;

  @Option(names = "--run-date", paramLabel = "YYYY-MM-DD",
      description = "Value of the run_date partition column (default: today, UTC).")
  String runDate;

  @Option(names = "--batch-size", paramLabel = "N", description = "Images per pipeline call.")
  Integer batchSize;

  @Option(names = "--images-per-partition", paramLabel = "N",
      description = "Target images per Spark partition.")
  Integer imagesPerPartition;

  @Option(names = "--exif-orientation", paramLabel = "apply|ignore|auto",
      description = "EXIF orientation handling.")
  String exifOrientation;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Refuse images with more stored pixels, before decoding.")
  Long maxPixels;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default local[*]; the launcher passes it to spark-submit).")
  String master;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "HOCON file overriding conf/posespark.conf.")
  File conf;

  /** Resolves and validates the settings (see {@link AnnotateConfig}); one-line errors. */
  public AnnotateSettings resolve() {
    return AnnotateConfig.resolve(this);
  }

  /** The configuration: defaults, the {@code --preset} and the {@code --conf} file over them (flags not applied). */
  public com.typesafe.config.Config config() {
    return AnnotateConfig.load(conf, preset);
  }

  /** The {@code --output} value, or null. */
  public String output() {
    return output;
  }

  /** Sets {@code --output} when a subcommand takes the tables' location from another flag. */
  public void output(String value) {
    output = value;
  }

  /** The {@code --master} value, or null. */
  public String master() {
    return master;
  }

  /** The {@code --conf} file, or null. */
  public File conf() {
    return conf;
  }
}
