package posespark.job.annotate;

import java.util.Locale;
import java.util.Map;

/**
 * What a finished annotate run did.
 *
 * @param runId         the run's id (the {@code run_id} partition of every table)
 * @param images        input images (rows of the images table)
 * @param errors        images with {@code status = error}
 * @param persons       rows of the poses table
 * @param wallSeconds   wall time of the whole run
 * @param annotateSeconds wall time of the annotation stage (read, decode, pipeline)
 * @param pipelineSeconds time inside the pose pipeline, summed over tasks
 * @param stepSeconds   seconds per step summed over images and tasks ({@code read_file},
 *                      {@code decode_image}, and the pipeline's own steps, e.g. {@code detect},
 *                      {@code pose}, {@code decode}, {@code score_nms})
 */
public record RunSummary(String runId, long images, long errors, long persons,
    double wallSeconds, double annotateSeconds, double pipelineSeconds,
    Map<String, Double> stepSeconds) {

  /** Time per step, e.g. {@code seconds per step (summed over tasks): detect=1.2 ...}. */
  public String stepsLine() {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "seconds per step (summed over tasks): pipeline=%.3f", pipelineSeconds));
    stepSeconds.forEach((step, s) -> line.append(String.format(Locale.ROOT, " %s=%.3f", step, s)));
    return line.append(String.format(Locale.ROOT, "; annotate stage wall=%.3f", annotateSeconds))
        .toString();
  }

  /** The one line printed at the end of a run. */
  public String line(String output) {
    return String.format(Locale.ROOT,
        "annotate: %d images (%d ok, %d errors), %d persons in %.1f s (%.1f images/s); run %s -> %s",
        images, images - errors, errors, persons, wallSeconds,
        annotateSeconds > 0 ? images / annotateSeconds : 0.0, runId, output);
  }
}
