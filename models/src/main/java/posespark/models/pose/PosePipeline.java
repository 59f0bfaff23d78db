package posespark.models.pose;

import java.util.List;

/**
 * Top-down pose estimation for a batch of decoded images: boxes (given or detected) → crops →
 * ensemble heatmaps (with flip) → decoding → refinement → rescoring → OKS-NMS.
 *
 * <p>Implementations are thread-safe and hold no per-call state, so one instance serves every task
 * of an executor JVM. The batch is the unit of model batching: crops of all its images are run
 * together.
 */
public interface PosePipeline {

  /** Annotates the batch; returns one {@link ImagePoses} per request, in request order. */
  List<ImagePoses> annotate(List<PoseRequest> batch);
}
