package posespark.models.refine;

import java.util.ArrayList;
import java.util.List;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.MemberOutput;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.Heatmaps;

/**
 * Turns the ensemble's outputs on a refinement crop into refined keypoints, fused per joint with
 * the input pose ({@link JointFusion}). Stateless and thread-safe.
 */
public final class RefinementFusion {

  private final EnsembleDecoder decoder;
  private final PosePrior prior;

  public RefinementFusion(EnsembleDecoder decoder, PosePrior prior) {
    this.decoder = decoder;
    this.prior = prior;
  }

  /**
   * Refined {@code [x, y, score] × K} in image pixels.
   *
   * @param window  the refinement crop
   * @param input   the input pose, {@code [x, y, score] × K} in image pixels
   * @param outputs every member's output on {@code window}, in member order
   */
  public float[] fuse(JointFusion mode, CropWindow window, float[] input, List<MemberOutput> outputs) {
    return switch (mode) {
      case KEEP -> input.clone();
      case MOVE -> toImage(window, decoder.decode(outputs));
      case AVERAGE -> average(input, toImage(window, decoder.decode(outputs)));
      case PRIOR -> withPrior(window, input, outputs);
      case KEEP_SURE -> keepSure(input, toImage(window, decoder.decode(outputs)));
    };
  }

  /** Per joint: the input where its score is at least {@link JointFusion#SURE}, else the refined one. */
  static float[] keepSure(float[] input, float[] refined) {
    float[] out = refined.clone();
    for (int k = 0; k < input.length; k += 3) {
      if (input[k + 2] >= JointFusion.SURE) {
        System.arraycopy(input, k, out, k, 3);
      }
    }
    return out;
  }

  /** Per joint: score-weighted mean location, mean score (a joint both sides score 0 moves). */
  static float[] average(float[] input, float[] refined) {
    float[] out = new float[input.length];
    for (int k = 0; k < input.length; k += 3) {
      double a = Math.max(0, input[k + 2]);
      double b = Math.max(0, refined[k + 2]);
      double wa = a + b > 0 ? a / (a + b) : 0;
      out[k] = (float) (wa * input[k] + (1 - wa) * refined[k]);
      out[k + 1] = (float) (wa * input[k + 1] + (1 - wa) * refined[k + 1]);
      out[k + 2] = (float) ((input[k + 2] + refined[k + 2]) / 2);
    }
    return out;
  }

  private float[] withPrior(CropWindow window, float[] input, List<MemberOutput> outputs) {
    float[] crop = new float[input.length];
    for (int k = 0; k < input.length; k += 3) {
      crop[k] = (float) window.u(input[k]);
      crop[k + 1] = (float) window.v(input[k + 1]);
      crop[k + 2] = input[k + 2];
    }
    Heatmaps weights = prior.render(crop, decoder.grid());
    List<MemberOutput> weighted = new ArrayList<>(outputs.size());
    for (MemberOutput m : outputs) {
      weighted.add(new MemberOutput(times(m.plain(), weights),
          m.flipped() == null ? null : times(m.flipped(), weights), m.offsets(), m.regressed()));
    }
    float[] decoded = decoder.decode(weighted);
    // Location from the weighted maps, confidence from the evidence itself.
    Heatmaps plain = decoder.average(outputs);
    for (int k = 0; k < decoded.length; k += 3) {
      decoded[k + 2] = plain.sample(k / 3, decoder.grid().cellX(decoded[k]),
          decoder.grid().cellY(decoded[k + 1]));
    }
    return toImage(window, decoded);
  }

  /** Channel-wise product of two heatmap sets on the same grid. */
  static Heatmaps times(Heatmaps maps, Heatmaps weights) {
    float[] a = maps.data();
    float[] w = weights.data();
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * w[i];
    }
    return new Heatmaps(maps.channels(), maps.grid(), out);
  }

  /** Normalised crop keypoints → image pixels. */
  public static float[] toImage(CropWindow window, float[] crop) {
    float[] out = new float[crop.length];
    for (int k = 0; k < crop.length; k += 3) {
      out[k] = (float) window.imageX(crop[k]);
      out[k + 1] = (float) window.imageY(crop[k + 1]);
      out[k + 2] = crop[k + 2];
    }
    return out;
  }
}
