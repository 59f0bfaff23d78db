package posespark.job.annotate;

import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The annotate job's task: streams a partition of {@code (image_id, uri, boxes)} rows through the
 * executor's shared decoder and pose pipeline, one batch at a time, emitting one result row per
 * input row ({@link posespark.job.table.PoseTables#RESULT}).
 */
public final class PartitionAnnotator implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final TaskSettings settings;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final AnnotateCounters counters;

  public PartitionAnnotator(TaskSettings settings, Broadcast<SerializableConfiguration> hadoopConf,
      AnnotateCounters counters) {
    this.settings = settings;
    this.hadoopConf = hadoopConf;
    this.counters = counters;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    PausePoints.reach(PausePoints.INFERENCE);
    ExecutorPipelines.Host host = ExecutorPipelines.get(settings);
    ImageReader reader = new ImageReader(hadoopConf.value().value(), settings.maxFileBytes(),
        host.decoder());
    BatchedAnnotator annotator = new BatchedAnnotator(rows, settings.batchSize(), reader,
        host.pipeline(), counters, settings.minPoseScore(), settings.prefetchBatches());
    TaskContext task = TaskContext.get();
    if (task != null) {
      // Stops the prefetch thread also when the task fails or is killed before the end.
      TaskCompletionListener stop = context -> annotator.close();
      task.addTaskCompletionListener(stop);
    }
    return annotator;
  }
}
