package posespark.models.refine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.MemberSpec;
import posespark.models.ensemble.ModelRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.geometry.BilinearCropper;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.HeatmapDecoder;
import posespark.models.heatmap.Heatmaps;
import posespark.models.heatmap.Peak;
import posespark.models.heatmap.QuarterOffsetDecoder;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.pose.PoseRefiner;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;

/**
 * A learned refiner (PoseFix's slot): a SavedModel whose card has {@code kind = refiner}. Its one
 * input {@code [N, H, W, 3 + 17]} float32 packs the crop's RGB (in the card's {@code input.range})
 * with the input pose rendered as 17 Gaussian heatmaps at input resolution (value = joint score ×
 * {@code exp(-d² / 2σ²)}, σ = {@code refiner.pose-sigma} input pixels); its output are 17 refined
 * heatmaps described by the card's {@code heatmap} block, decoded by argmax + quarter offset (score
 * = the heatmap at the peak). The model is loaded through the {@link ModelHost}, so its graph is
 * checked against the op allowlist like every other model. Thread-safe.
 */
public final class LearnedRefiner implements PoseRefiner {

  /** Card {@code kind} of refiner models. */
  public static final String KIND = "refiner";

  private final MemberSpec spec;
  private final ModelRunner runner;
  private final PoseGuidedCrop crop;
  private final double poseSigma;
  private final int maxBatch;

  /**
   * @param spec      input size and range, heatmap output and grid (from the card)
   * @param poseSigma σ of the rendered input pose, input pixels
   */
  public LearnedRefiner(MemberSpec spec, ModelRunner runner, PoseGuidedCrop crop, double poseSigma,
      int maxBatch) {
    this.spec = spec;
    this.runner = runner;
    this.crop = crop;
    this.poseSigma = poseSigma;
    this.maxBatch = Math.max(1, maxBatch);
  }

  /** Loads the refiner in {@code dir} (its {@code card.conf} must say {@code kind = refiner}). */
  public static LearnedRefiner load(Path dir, HostOptions session) {
    return load(dir, session, RefineSettings.defaults().crop());
  }

  /** As {@link #load(Path, HostOptions)} with the re-crop to use. */
  public static LearnedRefiner load(Path dir, HostOptions session, PoseGuidedCrop crop) {
    ModelCard card = ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL));
    if (!KIND.equals(card.kind())) {
      throw new IllegalArgumentException(dir + ": not a refiner model (card kind '" + card.kind() + "')");
    }
    MemberSpec spec = ZooMembers.spec(card);
    if (spec.cocoChannels().length != CocoKeypoints.COUNT) {
      throw new IllegalArgumentException(dir + ": a refiner must output the 17 COCO keypoints");
    }
    LoadedModel model = ModelHost.getWithSession(dir, session);
    long[] in = model.inputShape();
    if (in.length != 4 || in[3] != 3 + CocoKeypoints.COUNT) {
      throw new IllegalArgumentException(dir + ": refiner input must be [N, H, W, 20] (RGB + 17 pose heatmaps)");
    }
    double sigma = card.config().hasPath("refiner.pose-sigma") ? card.config().getDouble("refiner.pose-sigma") : 2.0;
    return new LearnedRefiner(spec, ZooMembers.runner(model), crop, sigma, 16);
  }

  @Override
  public List<float[]> refine(List<Target> targets) {
    List<float[]> out = new ArrayList<>(targets.size());
    for (int start = 0; start < targets.size(); start += maxBatch) {
      out.addAll(runChunk(targets.subList(start, Math.min(targets.size(), start + maxBatch))));
    }
    return out;
  }

  private List<float[]> runChunk(List<Target> targets) {
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    int channels = 3 + CocoKeypoints.COUNT;
    float[] input = new float[targets.size() * h * w * channels];
    float[] rgb = new float[h * w * 3];
    List<CropWindow> windows = new ArrayList<>(targets.size());
    for (int j = 0; j < targets.size(); j++) {
      Target t = targets.get(j);
      CropWindow window = crop.window(t.pose().keypoints(), t.pose().box(), spec.aspect());
      windows.add(window);
      BilinearCropper.crop(t.image(), window, w, h, false, rgb, 0);
      int base = j * h * w * channels;
      for (int p = 0; p < h * w; p++) {
        for (int c = 0; c < 3; c++) {
          input[base + p * channels + c] = spec.scalePixel(rgb[p * 3 + c]);
        }
      }
      renderPose(t.pose().keypoints(), window, input, base, w, h, channels);
    }
    String key = spec.heatmapKey();
    Map<String, float[]> result = runner.run(input, false, new long[] {targets.size(), h, w, channels},
        List.of(key));
    float[] heat = result.get(key);
    int expected = targets.size() * spec.grid().cells() * spec.heatmapChannels();
    if (heat == null || heat.length != expected) {
      throw new IllegalStateException(spec.name() + ": output '" + key + "' has "
          + (heat == null ? "no values" : heat.length + " values") + ", expected " + expected);
    }
    List<float[]> out = new ArrayList<>(targets.size());
    HeatmapDecoder decoder = new QuarterOffsetDecoder();
    for (int j = 0; j < targets.size(); j++) {
      Heatmaps maps = Heatmaps.fromNhwc(heat, j, spec.grid(), spec.heatmapChannels(),
          spec.cocoChannels(), spec.logits());
      float[] crop = new float[CocoKeypoints.COUNT * 3];
      for (int k = 0; k < CocoKeypoints.COUNT; k++) {
        int cell = HeatmapDecoder.argmax(maps.data(), maps.offset(k), spec.grid().cells());
        Peak p = decoder.refine(maps.data(), maps.offset(k), spec.grid().width(), spec.grid().height(),
            cell % spec.grid().width(), cell / spec.grid().width());
        crop[3 * k] = (float) spec.grid().u(p.x());
        crop[3 * k + 1] = (float) spec.grid().v(p.y());
        crop[3 * k + 2] = maps.data()[maps.offset(k) + cell];
      }
      out.add(RefinementFusion.toImage(windows.get(j), crop));
    }
    return out;
  }

  /** Writes joint k's Gaussian (× its score) into channel 3 + k of one NHWC crop. */
  private void renderPose(float[] keypoints, CropWindow window, float[] input, int base, int w, int h,
      int channels) {
    double inv = 1 / (2 * poseSigma * poseSigma);
    for (int k = 0; k < CocoKeypoints.COUNT; k++) {
      double score = Math.min(1, Math.max(0, keypoints[3 * k + 2]));
      // Input pixel c is centred at u = (c + 0.5) / w.
      double px = window.u(keypoints[3 * k]) * w - 0.5;
      double py = window.v(keypoints[3 * k + 1]) * h - 0.5;
      for (int r = 0; r < h; r++) {
        double dy2 = (r - py) * (r - py);
        for (int c = 0; c < w; c++) {
          double g = Math.exp(-((c - px) * (c - px) + dy2) * inv);
          input[base + (r * w + c) * channels + 3 + k] = (float) (score * g);
        }
      }
    }
  }
}
