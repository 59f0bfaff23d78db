package posespark.models.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import posespark.models.geometry.BilinearCropper;
import posespark.models.geometry.CropView;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.HeatmapGrid;
import posespark.models.heatmap.HeatmapWarp;
import posespark.models.heatmap.Heatmaps;
import posespark.models.heatmap.KeypointOffsets;
import posespark.models.keypoints.CocoKeypoints;

/**
 * Runs one ensemble member over crops: crops and scales the pixels to the model's input (plain and,
 * with flip, mirrored twins in the same batch), executes the model in chunks, and turns its outputs
 * into {@link MemberOutput}s in the common frame. With test-time augmentation each crop's views
 * (scaled, turned; each with its mirrored twin under flip) ride in the same batches, and their
 * heatmaps come back warped into the reference crop's frame. Pre-processing, execution
 * ({@link ModelRunner}) and post-processing stay apart; thread-safe.
 */
public final class MemberRunner {

  private final MemberSpec spec;
  private final ModelRunner runner;
  private final HeatmapGrid common;
  private final int maxBatch;

  /**
   * @param common   the ensemble's common heatmap frame
   * @param maxBatch most crops (plain + mirrored) per model call
   */
  public MemberRunner(MemberSpec spec, ModelRunner runner, HeatmapGrid common, int maxBatch) {
    this.spec = spec;
    this.runner = runner;
    this.common = common;
    this.maxBatch = Math.max(1, maxBatch);
  }

  public MemberSpec spec() {
    return spec;
  }

  /** One output per job, in order. */
  public List<MemberOutput> run(List<CropJob> jobs, boolean flip) {
    return run(jobs, flip, List.of());
  }

  /**
   * One output per job, in order, with the heatmaps of each augmented view ({@link
   * MemberOutput#views()}, in the order of {@code views}; identity views are not expected).
   */
  public List<MemberOutput> run(List<CropJob> jobs, boolean flip, List<CropView> views) {
    List<MemberOutput> out = new ArrayList<>(jobs.size());
    int perCrop = (flip ? 2 : 1) * (1 + views.size());
    int chunk = Math.max(1, maxBatch / perCrop);
    for (int start = 0; start < jobs.size(); start += chunk) {
      out.addAll(runChunk(jobs.subList(start, Math.min(jobs.size(), start + chunk)), flip, views));
    }
    return out;
  }

  private List<MemberOutput> runChunk(List<CropJob> jobs, boolean flip, List<CropView> views) {
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    int twins = flip ? 2 : 1;
    // Per crop: reference (plain, mirrored), then each view (plain, mirrored).
    int perCrop = twins * (1 + views.size());
    int n = jobs.size() * perCrop;
    int pixelsPerCrop = w * h * 3;
    float[] pixels = new float[n * pixelsPerCrop];
    for (int j = 0; j < jobs.size(); j++) {
      CropJob job = jobs.get(j);
      for (int v = 0; v <= views.size(); v++) {
        CropView view = v == 0 ? CropView.IDENTITY : views.get(v - 1);
        int first = j * perCrop + v * twins;
        BilinearCropper.crop(job.image(), job.window(), view, w, h, false, pixels, first * pixelsPerCrop);
        if (flip) {
          BilinearCropper.mirror(pixels, first * pixelsPerCrop, w, h, pixels, (first + 1) * pixelsPerCrop);
        }
      }
    }
    spec.scalePixels(pixels);
    List<String> keys = new ArrayList<>();
    keys.add(spec.heatmapKey());
    if (spec.offsets() != null) {
      keys.add(spec.offsets().key());
    }
    if (spec.centreRegression() != null) {
      keys.add(spec.centreRegression().centreKey());
      keys.add(spec.centreRegression().regressKey());
    }
    long called = System.nanoTime();
    Map<String, float[]> outputs = runner.run(pixels, spec.intInput(), new long[] {n, h, w, 3}, keys);
    ModelCallClock.add(System.nanoTime() - called);
    float[] heat = require(outputs, spec.heatmapKey(), n * spec.grid().cells() * spec.heatmapChannels());
    int[] flipIndex = CocoKeypoints.flipIndex();
    List<MemberOutput> result = new ArrayList<>(jobs.size());
    for (int j = 0; j < jobs.size(); j++) {
      int plainIndex = j * perCrop;
      Heatmaps plain = HeatmapWarp.warp(Heatmaps.fromNhwc(heat, plainIndex, spec.grid(),
          spec.heatmapChannels(), spec.cocoChannels(), spec.logits()), common, null);
      Heatmaps flipped = null;
      if (flip) {
        flipped = HeatmapWarp.warp(Heatmaps.fromNhwc(heat, plainIndex + 1, spec.grid(),
            spec.heatmapChannels(), spec.cocoChannels(), spec.logits()), common, flipIndex);
      }
      KeypointOffsets offsets = null;
      if (spec.offsets() != null) {
        MemberSpec.Offsets o = spec.offsets();
        float[] raw = require(outputs, o.key(), n * spec.grid().cells() * 2 * spec.heatmapChannels());
        offsets = KeypointOffsets.fromNhwc(raw, plainIndex, spec.grid(), spec.cocoChannels(),
            o.interleaved(), o.scale(), o.origin());
      }
      double[][] regressed = null;
      if (spec.centreRegression() != null) {
        MemberSpec.CentreRegression c = spec.centreRegression();
        float[] centre = require(outputs, c.centreKey(), n * spec.grid().cells());
        float[] regress = require(outputs, c.regressKey(), n * spec.grid().cells() * 2 * CocoKeypoints.COUNT);
        regressed = CentreRegressionDecoder.decode(centre, regress, plainIndex, spec.grid(),
            CocoKeypoints.COUNT);
        for (double[] xy : regressed) {
          xy[0] = common.cellX(spec.grid().u(xy[0]));
          xy[1] = common.cellY(spec.grid().v(xy[1]));
        }
      }
      result.add(new MemberOutput(plain, flipped, offsets, regressed,
          viewHeatmaps(heat, plainIndex, twins, views, jobs.get(j).window())));
    }
    return result;
  }

  /** Each view's heatmaps warped back into the reference frame, its flipped twin averaged in. */
  private List<Heatmaps> viewHeatmaps(float[] heat, int plainIndex, int twins, List<CropView> views,
      CropWindow window) {
    List<Heatmaps> out = new ArrayList<>(views.size());
    double aspectHw = window.height() / window.width();
    for (int v = 0; v < views.size(); v++) {
      int index = plainIndex + (v + 1) * twins;
      Heatmaps plain = HeatmapWarp.warpView(Heatmaps.fromNhwc(heat, index, spec.grid(),
          spec.heatmapChannels(), spec.cocoChannels(), spec.logits()), common, null, views.get(v), aspectHw);
      if (twins == 2) {
        Heatmaps mirrored = HeatmapWarp.warpView(Heatmaps.fromNhwc(heat, index + 1, spec.grid(),
            spec.heatmapChannels(), spec.cocoChannels(), spec.logits()), common,
            CocoKeypoints.flipIndex(), views.get(v), aspectHw);
        float[] a = plain.data();
        float[] b = mirrored.data();
        for (int i = 0; i < a.length; i++) {
          a[i] = (a[i] + b[i]) / 2; // NaN (unseen) stays NaN: both twins see the same region
        }
      }
      out.add(plain);
    }
    return out;
  }

  private float[] require(Map<String, float[]> outputs, String key, int expected) {
    float[] values = outputs.get(key);
    if (values == null || values.length != expected) {
      throw new IllegalStateException(spec.name() + ": output '" + key + "' has "
          + (values == null ? "no values" : values.length + " values") + ", expected " + expected);
    }
    return values;
  }
}
