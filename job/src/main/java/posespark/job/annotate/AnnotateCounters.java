package posespark.job.annotate;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Spark accumulators the tasks add to as each image finishes; the driver reads them for progress
 * lines and the run summary. Times are in microseconds summed over tasks.
 */
public final class AnnotateCounters implements Serializable {

  private static final long serialVersionUID = 1L;

  final LongAccumulator images;
  final LongAccumulator errors;
  final LongAccumulator persons;
  final LongAccumulator readMicros;
  final LongAccumulator decodeMicros;
  final LongAccumulator pipelineMicros;

  /** Accumulators registered with {@code sc} (null: plain local counters, outside Spark). */
  public AnnotateCounters(SparkContext sc) {
    images = accumulator(sc, "posespark.images");
    errors = accumulator(sc, "posespark.errors");
    persons = accumulator(sc, "posespark.persons");
    readMicros = accumulator(sc, "posespark.read_us");
    decodeMicros = accumulator(sc, "posespark.decode_us");
    pipelineMicros = accumulator(sc, "posespark.pipeline_us");
  }

  private static LongAccumulator accumulator(SparkContext sc, String name) {
    return sc == null ? new LongAccumulator() : sc.longAccumulator(name);
  }

  public long images() {
    return images.value();
  }

  public long errors() {
    return errors.value();
  }

  public long persons() {
    return persons.value();
  }

  /** Seconds spent in the pose pipeline, summed over tasks. */
  public double pipelineSeconds() {
    return pipelineMicros.value() / 1e6;
  }

  public double decodeSeconds() {
    return decodeMicros.value() / 1e6;
  }

  public double readSeconds() {
    return readMicros.value() / 1e6;
  }
}
