package posespark.job.nightly;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import posespark.job.annotate.ExecutorContext;
import posespark.job.annotate.ImageSizeTestPipeline;
import posespark.job.annotate.PipelineFactory;
import posespark.job.annotate.PipelineSpec;
import posespark.models.pose.PosePipeline;

/**
 * The test pipeline under a model digest taken from {@code posespark.pipeline.test-version}, so a
 * test can "change the models" between runs.
 */
public final class VersionedTestPipelineFactory implements PipelineFactory {

  @Override
  public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
    return new ImageSizeTestPipeline();
  }

  @Override
  public Map<String, String> modelDigests(PipelineSpec spec) {
    return Map.of("image-size-test", ConfigFactory.parseString(spec.config())
        .getString("test-version"));
  }
}
