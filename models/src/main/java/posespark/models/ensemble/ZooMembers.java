package posespark.models.ensemble;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import posespark.models.batching.BatchingOptions;
import posespark.models.batching.InferenceQueues;
import posespark.models.card.ModelCard;
import posespark.models.heatmap.HeatmapGrid;
import posespark.models.hrnet.HrnetCache;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;
import posespark.models.runtime.ModelOutput;
import posespark.models.zoo.ModelZoo;

/**
 * Ensemble members from the model zoo: reads each model's card into a {@link MemberSpec} and runs
 * the converted SavedModel through the JVM-wide {@link ModelHost} (one session per model and JVM).
 */
public final class ZooMembers {

  private ZooMembers() {}

  /**
   * A runner for a zoo model, fetched and converted on first use; HRNet models
   * ({@code hrnet-w48-384x288}) come from the cache where {@code submit/models hrnet} exported them.
   */
  public static MemberRunner runner(String name, HeatmapGrid common, int maxBatch) {
    return runner(name, common, maxBatch, null);
  }

  /**
   * As {@link #runner(String, HeatmapGrid, int)}, its session loaded with {@code session}'s threads
   * and device (null: {@link ModelHost#defaultOptions}); remapping follows the model's card.
   */
  public static MemberRunner runner(String name, HeatmapGrid common, int maxBatch,
      HostOptions session) {
    Path dir = HrnetCache.isHrnetName(name) ? HrnetCache.ready(name) : ModelZoo.ensureReady(name);
    ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    LoadedModel model = ModelHost.getWithSession(dir, session);
    return new MemberRunner(spec(card), runner(model), common, maxBatch);
  }

  /**
   * As {@link #runner(String, HeatmapGrid, int, HostOptions)}, its model calls going through the
   * model's JVM-wide {@link posespark.models.batching.InferenceQueue} when {@code batching} is
   * enabled.
   */
  public static MemberRunner runner(String name, HeatmapGrid common, int maxBatch,
      HostOptions session, BatchingOptions batching) {
    if (batching == null || !batching.enabled()) {
      return runner(name, common, maxBatch, session);
    }
    Path dir = HrnetCache.isHrnetName(name) ? HrnetCache.ready(name) : ModelZoo.ensureReady(name);
    ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    LoadedModel model = ModelHost.getWithSession(dir, session);
    int queueBatch = batching.maxBatchOr(maxBatch);
    ModelRunner direct = runner(model);
    // The queue is looked up per call, so a pipeline cached by the executor outlives a closed
    // queue (InferenceQueues.closeAll) and gets a fresh one.
    ModelRunner queued = (pixels, asInt, shape, outputs) -> InferenceQueues.of(model, name, direct,
        queueBatch, batching.maxWait()).run(pixels, asInt, shape, outputs);
    return new MemberRunner(spec(card), queued, common, Math.min(maxBatch, queueBatch));
  }

  /** Executes a loaded SavedModel. */
  public static ModelRunner runner(LoadedModel model) {
    return (pixels, asInt, shape, outputs) -> {
      ModelInput input;
      if (asInt) {
        int[] ints = new int[pixels.length];
        for (int i = 0; i < ints.length; i++) {
          ints[i] = (int) pixels[i];
        }
        input = ModelInput.ofInts(ints, shape);
      } else {
        input = ModelInput.ofFloats(pixels, shape);
      }
      Map<String, ModelOutput> out = model.run(input, outputs.toArray(String[]::new));
      Map<String, float[]> values = new HashMap<>();
      out.forEach((k, v) -> values.put(k, v.data()));
      return values;
    };
  }

  /**
   * A member spec from a pose model's card: input size, dtype and range; the heatmap output, its
   * cell convention, activation and COCO channel map; MoveNet's {@code offsets} and
   * {@code centre_heatmap}/{@code centre_regress} when the card lists them.
   */
  public static MemberSpec spec(ModelCard card) {
    if (!card.hasHeatmap()) {
      throw new IllegalArgumentException(card + ": not a heatmap pose model");
    }
    String key = card.config().getString("heatmap.key");
    long[] shape = card.outputShape(key);
    int h = (int) shape[1];
    int w = (int) shape[2];
    int channels = (int) shape[3];
    double[] range = card.inputRange();
    double stride = card.heatmapStride();
    HeatmapGrid grid = Math.abs(w * stride - card.inputWidth()) < 1e-9
        ? new HeatmapGrid(w, h, card.heatmapCellCentre())
        : new HeatmapGrid(w, h, card.heatmapCellCentre(), card.inputWidth() / stride,
            card.inputHeight() / stride);
    List<String> outputs = card.outputKeys();
    // MoveNet's heads: offsets (dy, dx interleaved, cells) and the centre-person regression. Its
    // graph decodes (cell + offset) / H, so offsets count from the cell's corner. Other models'
    // offsets (PoseNet: planar, pixels) are not used.
    boolean moveNet = outputs.contains("centre_heatmap") && outputs.contains("centre_regress");
    MemberSpec.Offsets offsets = moveNet && outputs.contains("offsets")
        ? new MemberSpec.Offsets("offsets", true, 1, -card.heatmapCellCentre()) : null;
    MemberSpec.CentreRegression centre = moveNet
        ? new MemberSpec.CentreRegression("centre_heatmap", "centre_regress") : null;
    return new MemberSpec(card.name(), card.inputWidth(), card.inputHeight(),
        card.inputDtype().equals("int32"), range[0], range[1], key, channels, grid,
        card.heatmapActivation().equals("logits"), card.cocoChannels(), offsets, centre);
  }
}
