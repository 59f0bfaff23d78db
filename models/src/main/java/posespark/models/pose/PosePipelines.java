package posespark.models.pose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import posespark.models.batching.BatchingOptions;
import posespark.models.detect.PersonDetector;
import posespark.models.detect.PersonProposals;
import posespark.models.detect.ZooDetectors;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.heatmap.GaussianBlur;
import posespark.models.heatmap.HeatmapGrid;
import posespark.models.heatmap.TargetPersonPrior;
import posespark.models.keypoints.OksNms;
import posespark.models.multipose.ZooMultipose;
import posespark.models.refine.EnsembleRefiner;
import posespark.models.refine.LearnedRefiner;
import posespark.models.refine.PosePrior;
import posespark.models.refine.RefineSettings;
import posespark.models.refine.RefinementFusion;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.ModelHost;
import posespark.models.scoring.CalibratedPoseScorer;
import posespark.models.scoring.PoseScoringModel;

/**
 * Builds {@link PosePipeline}s from a {@link PipelineConfig}, with models from the zoo (fetched and
 * converted on first use, loaded once per JVM by the model host). The common heatmap frame is
 * 64×64 centred cells over the crop (MoveNet-thunder's own grid).
 */
public final class PosePipelines {

  /** The ensemble's common frame. */
  public static final HeatmapGrid COMMON_GRID = HeatmapGrid.centred(64, 64);

  private PosePipelines() {}

  /**
   * A pipeline for {@code config}. The detector is loaded lazily only when {@code withDetector}
   * (requests may then come without boxes).
   */
  public static PosePipeline create(PipelineConfig config, boolean withDetector) {
    return create(config, withDetector, null);
  }

  /**
   * As {@link #create(PipelineConfig, boolean)}, every model session (members, detector) loaded
   * with {@code session}'s threads and GPU device; each model keeps its card's remapping choice.
   * Null: {@link ModelHost#defaultOptions} (system properties).
   */
  public static PosePipeline create(PipelineConfig config, boolean withDetector,
      HostOptions session) {
    return create(config, withDetector, session, RefineSettings.defaults(), BatchingOptions.OFF);
  }

  /**
   * As {@link #create(PipelineConfig, boolean, HostOptions)}, with the refinement stage (when
   * {@code config.refine()}) set up by {@code refine}, and each member's model calls merged with
   * other callers' in the model's JVM-wide {@link posespark.models.batching.InferenceQueue} when
   * {@code batching} is enabled (the executor's concurrent tasks share full batches).
   */
  public static PosePipeline create(PipelineConfig config, boolean withDetector,
      HostOptions session, RefineSettings refine, BatchingOptions batching) {
    List<MemberRunner> members = new ArrayList<>();
    double[] weights = new double[config.ensemble().size()];
    int i = 0;
    for (Map.Entry<String, Double> e : config.ensemble().entrySet()) {
      members.add(ZooMembers.runner(e.getKey(), COMMON_GRID, config.maxBatch(), session, batching));
      weights[i++] = e.getValue();
    }
    double aspect = members.get(0).spec().aspect();
    EnsembleDecoder decoder = new EnsembleDecoder(COMMON_GRID, weights, config.flip(),
        config.prior() ? new TargetPersonPrior() : null,
        config.postGaussian() > 0 ? new GaussianBlur(config.postGaussian()) : null,
        config.localisation());
    PersonDetector detector = withDetector
        ? ZooDetectors.create(PersonProposals.parse(config.detector()), config.boxFilter(), session)
        : null;
    PoseRefiner refiner = null;
    if (config.refine()) {
      refiner = refine.model() != null
          ? LearnedRefiner.load(refine.model(), session, refine.crop())
          : new EnsembleRefiner(members, new RefinementFusion(decoder, new PosePrior(refine.priorSigma())),
              refine.fusion(), refine.crop(), config.flip(), aspect);
    }
    return new TopDownPipeline(members, decoder, detector, refiner, scorer(config),
        new OksNms(config.oksNmsThreshold()), config.cropScale(), aspect, config.tta());
  }

  /**
   * The bottom-up pipeline: MoveNet-multipose on whole images, scored as {@code config} scores
   * and suppressed at its OKS-NMS threshold (ensemble, flip, decoder and detector do not apply).
   */
  public static PosePipeline bottomUp(PipelineConfig config, HostOptions session) {
    return new BottomUpPipeline(ZooMultipose.model(session), scorer(config),
        new OksNms(config.oksNmsThreshold()));
  }

  /** The pose scorer a config asks for: the committed calibrated model, or the legacy product. */
  public static PoseScorer scorer(PipelineConfig config) {
    if (config.calibrated()) {
      return new CalibratedPoseScorer(PoseScoringModel.committed());
    }
    return PoseScorer.of(Double.isNaN(config.rescoreThreshold()) ? PoseRescoring.allKeypoints()
        : PoseRescoring.aboveThreshold(config.rescoreThreshold()));
  }
}
