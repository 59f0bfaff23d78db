package posespark.job.annotate;

import java.time.Duration;
import java.time.LocalDate;

/**
 * A fully resolved annotate run (config file defaults + command line), validated before Spark
 * starts.
 *
 * @param input              folder, file, glob, manifest or COCO JSON
 * @param imageRoot          folder holding a COCO JSON's images (COCO input), else null
 * @param output             folder of the poses, images and runs tables
 * @param dataset            value of the {@code dataset} partition column
 * @param runDate            value of the {@code run_date} partition column
 * @param boxes              where person boxes come from
 * @param boxesFile          COCO detections JSON when {@code boxes} is {@link BoxMode#FILE}
 * @param minBoxScore        detections below this score are dropped (detections file only)
 * @param imagesPerPartition target images per Spark partition
 * @param cocoResults        COCO keypoint results JSON to write, or null
 * @param progressInterval   time between progress lines
 * @param task               what the tasks need (batch size, limits, pipeline)
 * @param configDigest       SHA-256 of the resolved configuration, for the runs table
 * @param refineInput        COCO keypoint results JSON whose poses are refined instead of
 *                           estimated, or null
 */
public record AnnotateSettings(String input, String imageRoot, String output, String dataset,
    LocalDate runDate, BoxMode boxes, String boxesFile, double minBoxScore,
    int imagesPerPartition, String cocoResults, Duration progressInterval, TaskSettings task,
    String configDigest, String refineInput) {

  /** Where person boxes come from. */
  public enum BoxMode {
    /** the pipeline's person detector */
    DETECTOR,
    /** COCO ground truth person boxes of the input COCO JSON */
    GT,
    /** a COCO detection results file */
    FILE
  }
}
