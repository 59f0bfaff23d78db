package posespark.models.pose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import posespark.models.detect.BoxFilter;
import posespark.models.ensemble.Localisation;
import posespark.models.geometry.CropView;

/**
 * Everything that shapes the pose pipeline, with the defaults measured best on coco-train-dev
 * (see {@code docs/pose-pipeline.md} and {@code docs/accuracy.md}). Immutable; {@code with*}
 * methods return changed copies.
 *
 * @param ensemble         member model names → weights (insertion order; the first MoveNet lends
 *                         its centre regression and offsets)
 * @param flip             average each member with its horizontally flipped twin
 * @param prior            weight heatmaps toward the crop's centre person (MoveNet's regression)
 * @param localisation     sub-cell refinement of the chosen cell
 * @param postGaussian     RSN's post-Gaussian kernel size, 0 for none
 * @param cropScale        crop window / box size (1.25 beat 1.5 by ~4 AP)
 * @param rescoreThreshold legacy scoring only: NaN = box score × mean of all keypoint scores; else
 *                         HRNet's mean over keypoints above it
 * @param oksNmsThreshold  OKS above which a lower-scored pose of the same image is dropped
 * @param detector         person proposals for requests without boxes: a detector, or several
 *                         fused, as a {@link posespark.models.detect.PersonProposals} id (e.g.
 *                         {@code centernet+nanodet+multipose/wbf})
 * @param boxFilter        detector score threshold, NMS or soft-NMS, cap
 * @param maxBatch         most crops per model call
 * @param refine           run the refinement stage after the first pass (see
 *                         {@link posespark.models.refine.RefineSettings}; off by default)
 * @param calibrated       score poses with the committed pose scoring model (estimated OKS, see
 *                         {@code docs/scoring.md}); false: the legacy box × keypoint score above
 * @param tta              test-time-augmentation views of each crop (scaled, turned) averaged with
 *                         the reference crop before decoding; empty for none (see
 *                         {@code docs/accuracy-tta.md})
 */
public record PipelineConfig(Map<String, Double> ensemble, boolean flip, boolean prior,
    Localisation localisation, int postGaussian, double cropScale, double rescoreThreshold,
    double oksNmsThreshold, String detector, BoxFilter boxFilter, int maxBatch, boolean refine,
    boolean calibrated, List<CropView> tta) {

  public PipelineConfig {
    tta = List.copyOf(tta);
    if (ensemble.isEmpty()) {
      throw new IllegalArgumentException("the ensemble needs at least one model");
    }
    for (Map.Entry<String, Double> e : ensemble.entrySet()) {
      if (!(e.getValue() >= 0)) {
        throw new IllegalArgumentException("ensemble weight of " + e.getKey() + " must be >= 0: " + e.getValue());
      }
    }
    if (ensemble.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException("ensemble weights must not all be 0: " + ensemble);
    }
    ensemble = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ensemble));
  }

  /** The measured defaults. */
  public static PipelineConfig defaults() {
    Map<String, Double> ensemble = new LinkedHashMap<>();
    ensemble.put("movenet-thunder", 2.0);
    ensemble.put("blazepose-heavy", 1.0);
    return new PipelineConfig(ensemble, true, true, Localisation.QUARTER, 0, 1.25, Double.NaN,
        0.9, "centernet", new BoxFilter(0.1, false, 0.5, 0.5, 20), 16, false, true, List.of());
  }

  /**
   * Parses an ensemble spec {@code name[:weight],name[:weight],...} (weight 1 when omitted), e.g.
   * {@code movenet-thunder:2,blazepose-heavy:1}.
   */
  public static Map<String, Double> parseEnsemble(String spec) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int colon = p.indexOf(':');
      String name = colon < 0 ? p : p.substring(0, colon).trim();
      double weight;
      try {
        weight = colon < 0 ? 1 : Double.parseDouble(p.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad ensemble weight in '" + p + "' (expected name:number)");
      }
      if (out.put(name, weight) != null) {
        throw new IllegalArgumentException("model listed twice in ensemble: " + name);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty ensemble spec: '" + spec + "'");
    }
    return out;
  }

  /** The ensemble as a stable id, e.g. {@code movenet-thunder:2+blazepose-heavy:1/flip/prior/offsets}. */
  public String ensembleId() {
    List<String> parts = new ArrayList<>();
    ensemble.forEach((k, v) -> parts.add(k + ":" + String.format(Locale.ROOT, "%s",
        v == Math.rint(v) ? String.valueOf(v.longValue()) : v.toString())));
    return String.join("+", parts) + (flip ? "/flip" : "") + (prior ? "/prior" : "")
        + "/" + localisation.name().toLowerCase(Locale.ROOT) + ttaId();
  }

  private String ttaId() {
    List<String> views = new ArrayList<>();
    tta.forEach(v -> views.add(v.label().replace(" ", "")));
    return tta.isEmpty() ? "" : "/tta:" + String.join(",", views);
  }

  public PipelineConfig withTta(List<CropView> views) {
    return new PipelineConfig(ensemble, flip, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, maxBatch, refine, calibrated, views);
  }

  public PipelineConfig withEnsemble(Map<String, Double> e) {
    return new PipelineConfig(e, flip, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, maxBatch, refine, calibrated, tta);
  }

  public PipelineConfig withFlip(boolean f) {
    return new PipelineConfig(ensemble, f, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, maxBatch, refine, calibrated, tta);
  }

  public PipelineConfig withPrior(boolean p) {
    return new PipelineConfig(ensemble, flip, p, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, maxBatch, refine, calibrated, tta);
  }

  public PipelineConfig withLocalisation(Localisation l) {
    return new PipelineConfig(ensemble, flip, prior, l, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, maxBatch, refine, calibrated, tta);
  }

  public PipelineConfig withDetector(String d, BoxFilter f) {
    return new PipelineConfig(ensemble, flip, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, d, f, maxBatch, refine, calibrated, tta);
  }

  public PipelineConfig withMaxBatch(int b) {
    return new PipelineConfig(ensemble, flip, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, b, refine, calibrated, tta);
  }

  public PipelineConfig withRefine(boolean r) {
    return new PipelineConfig(ensemble, flip, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, maxBatch, r, calibrated, tta);
  }

  public PipelineConfig withOksNmsThreshold(double t) {
    return new PipelineConfig(ensemble, flip, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        t, detector, boxFilter, maxBatch, refine, calibrated, tta);
  }

  public PipelineConfig withCalibrated(boolean c) {
    return new PipelineConfig(ensemble, flip, prior, localisation, postGaussian, cropScale, rescoreThreshold,
        oksNmsThreshold, detector, boxFilter, maxBatch, refine, c, tta);
  }
}
