package posespark.job.annotate;

import java.io.Serializable;
import posespark.models.image.DecodeOptions;

/**
 * Everything a task needs besides its rows.
 *
 * @param batchSize            images handed to the pipeline per call (the partition is streamed
 *                             in batches of this size, never materialised)
 * @param maxFileBytes         files larger than this are refused without being read
 * @param maxPixels            images with more stored pixels are refused before decoding
 * @param applyExifOrientation decode to displayed orientation
 * @param pipeline             the pipeline to build on the executor
 * @param minPoseScore         poses scoring at least this are {@code confident} and counted in
 *                             {@code num_persons}; the others stay in {@code poses} as candidates
 * @param prefetchBatches      batches a task reads and decodes ahead while the pipeline runs (0:
 *                             none)
 */
public record TaskSettings(int batchSize, long maxFileBytes, long maxPixels,
    boolean applyExifOrientation, PipelineSpec pipeline, double minPoseScore, int prefetchBatches)
    implements Serializable {

  public DecodeOptions decodeOptions() {
    return new DecodeOptions(maxPixels, applyExifOrientation);
  }
}
