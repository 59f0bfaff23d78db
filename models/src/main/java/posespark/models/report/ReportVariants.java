package posespark.models.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import posespark.models.detect.BoxFilter;
import posespark.models.ensemble.Localisation;
import posespark.models.pose.PipelineConfig;

/**
 * The variant grid of the accuracy report: each single model with flip and prior on/off and each
 * localisation, then ensembles of the prior source with the others at several weights.
 *
 * <p>The first model named is the prior source (MoveNet-thunder by default): it lends its centre
 * regression and offsets to members that have none, at weight 0 when it is not itself averaged.
 */
public final class ReportVariants {

  private ReportVariants() {}

  /** The full grid over {@code models} (first = prior source). */
  public static List<ReportVariant> grid(List<String> models) {
    String source = models.get(0);
    List<ReportVariant> out = new ArrayList<>();
    for (String m : models) {
      boolean isSource = m.equals(source);
      for (boolean flip : new boolean[] {false, true}) {
        for (boolean prior : new boolean[] {false, true}) {
          for (Localisation loc : Localisation.values()) {
            if (loc == Localisation.OFFSETS && !isSource && !prior) {
              continue;
            }
            List<String> members = isSource ? List.of(m) : List.of(source, m);
            double[] weights = isSource ? new double[] {1} : new double[] {0, 1};
            boolean lends = !isSource && (prior || loc == Localisation.OFFSETS);
            if (!lends && !isSource) {
              members = List.of(m);
              weights = new double[] {1};
            }
            out.add(new ReportVariant(label(members, weights, flip, prior, loc, 0, Double.NaN),
                members, weights, flip, prior, loc, 0, Double.NaN, null));
          }
        }
      }
    }
    for (int i = 1; i < models.size(); i++) {
      for (double w : new double[] {1, 2, 3}) {
        addEnsemble(out, List.of(source, models.get(i)), new double[] {w, 1});
      }
    }
    if (models.size() >= 3) {
      for (int i = 2; i < models.size(); i++) {
        addEnsemble(out, List.of(source, models.get(1), models.get(i)), new double[] {2, 1, 1});
        addEnsemble(out, List.of(source, models.get(1), models.get(i)), new double[] {4, 2, 1});
      }
    }
    return out;
  }

  /**
   * The detector-box grid: the prior source alone (flip/prior/localisation variants) and, with a
   * second model, its ensembles, each under hard NMS (IoU 0.5, 0.6) and Gaussian soft-NMS
   * (sigma 0.5) at several detector score thresholds.
   */
  public static List<ReportVariant> detector(List<String> models) {
    String source = models.get(0);
    List<ReportVariant> decodings = new ArrayList<>();
    decodings.add(variant(List.of(source), new double[] {1}, true, true, Localisation.QUARTER, 0, Double.NaN));
    decodings.add(variant(List.of(source), new double[] {1}, true, true, Localisation.OFFSETS, 0, Double.NaN));
    decodings.add(variant(List.of(source), new double[] {1}, false, true, Localisation.OFFSETS, 0, Double.NaN));
    decodings.add(variant(List.of(source), new double[] {1}, true, false, Localisation.QUARTER, 0, Double.NaN));
    if (models.size() > 1) {
      List<String> pair = List.of(source, models.get(1));
      for (double w : new double[] {2, 3}) {
        decodings.add(variant(pair, new double[] {w, 1}, true, true, Localisation.QUARTER, 0, Double.NaN));
        decodings.add(variant(pair, new double[] {w, 1}, true, true, Localisation.DARK, 0, Double.NaN));
        decodings.add(variant(pair, new double[] {w, 1}, true, true, Localisation.OFFSETS, 0, Double.NaN));
      }
    }
    List<ReportVariant> out = new ArrayList<>();
    for (ReportVariant d : decodings) {
      for (double t : new double[] {0.1, 0.2, 0.3}) {
        out.add(d.withBoxes(new BoxFilter(t, false, 0.5, 0.5, 20), "NMS 0.5, score>=" + t));
        out.add(d.withBoxes(new BoxFilter(t, false, 0.6, 0.5, 20), "NMS 0.6, score>=" + t));
        out.add(d.withBoxes(new BoxFilter(t, true, 0.5, 0.5, 20), "soft-NMS 0.5, score>=" + t));
      }
    }
    return out;
  }

  /** The decoding a {@link PipelineConfig} runs (ground-truth boxes; see {@link ReportVariant#withBoxes}). */
  public static ReportVariant fromConfig(PipelineConfig c) {
    List<String> members = List.copyOf(c.ensemble().keySet());
    double[] weights = c.ensemble().values().stream().mapToDouble(Double::doubleValue).toArray();
    return new ReportVariant("default " + c.ensembleId(), members, weights, c.flip(), c.prior(),
        c.localisation(), c.postGaussian(), c.rescoreThreshold(), null);
  }

  private static void addEnsemble(List<ReportVariant> out, List<String> members, double[] weights) {
    for (Localisation loc : Localisation.values()) {
      out.add(variant(members, weights, true, true, loc, 0, Double.NaN));
    }
    out.add(variant(members, weights, false, true, Localisation.OFFSETS, 0, Double.NaN));
    out.add(variant(members, weights, true, false, Localisation.QUARTER, 0, Double.NaN));
    out.add(variant(members, weights, true, true, Localisation.QUARTER, 11, Double.NaN));
    out.add(variant(members, weights, true, true, Localisation.OFFSETS, 0, 0.2));
  }

  /**
   * Each model alone, flip on, with and without the centre prior, every localisation: compares
   * models (e.g. a model and its int8 variant) on the same crops without mixing their heads.
   */
  public static List<ReportVariant> singles(List<String> models) {
    List<ReportVariant> out = new ArrayList<>();
    for (String m : models) {
      for (boolean prior : new boolean[] {false, true}) {
        for (Localisation loc : Localisation.values()) {
          out.add(variant(List.of(m), new double[] {1}, true, prior, loc, 0, Double.NaN));
        }
      }
    }
    return out;
  }

  /** One variant with its generated label. */
  public static ReportVariant variant(List<String> members, double[] weights, boolean flip, boolean prior,
      Localisation loc, int blur, double rescore) {
    return new ReportVariant(label(members, weights, flip, prior, loc, blur, rescore), members,
        weights, flip, prior, loc, blur, rescore, null);
  }

  static String label(List<String> members, double[] weights, boolean flip, boolean prior,
      Localisation loc, int blur, double rescore) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        b.append(" + ");
      }
      if (weights[i] == 0) {
        b.append('(').append(members.get(i)).append(" prior/offsets only)");
      } else {
        if (members.size() > 1 && Arrays.stream(weights).filter(x -> x > 0).count() > 1) {
          b.append(String.format(Locale.ROOT, "%g×", weights[i]).replaceAll("\\.?0+×", "×"));
        }
        b.append(members.get(i));
      }
    }
    b.append(flip ? " | flip" : " | no flip");
    b.append(prior ? " | prior" : " | no prior");
    b.append(" | ").append(loc.name().toLowerCase(Locale.ROOT));
    if (blur > 0) {
      b.append(" | post-Gaussian ").append(blur);
    }
    if (!Double.isNaN(rescore)) {
      b.append(" | HRNet rescoring >").append(rescore);
    }
    return b.toString();
  }
}
