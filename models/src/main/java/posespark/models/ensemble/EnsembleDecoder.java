package posespark.models.ensemble;

import java.util.List;
import posespark.models.heatmap.DarkDecoder;
import posespark.models.heatmap.GaussianBlur;
import posespark.models.heatmap.HeatmapDecoder;
import posespark.models.heatmap.HeatmapGrid;
import posespark.models.heatmap.HeatmapStats;
import posespark.models.heatmap.Heatmaps;
import posespark.models.heatmap.KeypointOffsets;
import posespark.models.heatmap.Peak;
import posespark.models.heatmap.QuarterOffsetDecoder;
import posespark.models.heatmap.TargetPersonPrior;

/**
 * Fuses the members' evidence for one crop into keypoints: weighted average of every member's
 * heatmaps (and their flipped twins) in the common frame, optional post-Gaussian blur, optional
 * target-person prior (toward the keypoints a member regresses from the crop's centre person), the
 * chosen cell refined by {@link Localisation}. Output: {@code [u, v, score] × K} in normalised crop
 * coordinates, score = the averaged heatmap at the chosen cell; alongside, per joint, the
 * {@link HeatmapStats} the pose scorer reads. Test-time-augmentation views
 * ({@link MemberOutput#views()}) join the average before decoding, each with its member's weight,
 * per cell over the views that saw it. Stateless and thread-safe.
 */
public final class EnsembleDecoder {

  private final HeatmapGrid common;
  private final double[] weights;
  private final boolean flip;
  private final TargetPersonPrior prior;
  private final GaussianBlur postBlur;
  private final Localisation localisation;
  private final HeatmapDecoder refiner;

  /**
   * @param weights      per member, in member order
   * @param flip         average in the flipped twins (when present)
   * @param prior        the target-person prior, or null for plain argmax
   * @param postBlur     RSN's post-Gaussian, or null
   * @param localisation sub-cell refinement
   */
  public EnsembleDecoder(HeatmapGrid common, double[] weights, boolean flip, TargetPersonPrior prior,
      GaussianBlur postBlur, Localisation localisation) {
    this.common = common;
    this.weights = weights.clone();
    this.flip = flip;
    this.prior = prior;
    this.postBlur = postBlur;
    this.localisation = localisation;
    this.refiner = localisation == Localisation.DARK ? new DarkDecoder() : new QuarterOffsetDecoder();
  }

  /** Whether flipped twins are averaged in (members must then be run with flip). */
  public boolean flip() {
    return flip;
  }

  /** The common frame. */
  public HeatmapGrid grid() {
    return common;
  }

  /** Averaged heatmaps (common frame) of one crop's member outputs. */
  public Heatmaps average(List<MemberOutput> members) {
    if (members.size() != weights.length) {
      throw new IllegalArgumentException(members.size() + " member outputs for " + weights.length + " weights");
    }
    int channels = members.get(0).plain().channels();
    if (members.stream().anyMatch(m -> !m.views().isEmpty())) {
      return averageWithViews(members, channels);
    }
    Heatmaps avg = Heatmaps.zeros(channels, common);
    float[] sum = avg.data();
    double total = 0;
    for (int m = 0; m < members.size(); m++) {
      MemberOutput out = members.get(m);
      boolean twin = flip && out.flipped() != null;
      double w = weights[m];
      add(sum, out.plain().data(), twin ? w / 2 : w);
      if (twin) {
        add(sum, out.flipped().data(), w / 2);
      }
      total += w;
    }
    float inv = (float) (1 / total);
    for (int i = 0; i < sum.length; i++) {
      sum[i] *= inv;
    }
    return avg;
  }

  /**
   * One crop's decoding.
   *
   * @param keypoints {@code [u, v, score] × K}, normalised crop coordinates
   * @param stats     {@link HeatmapStats} per joint, {@code K * HeatmapStats.PER_JOINT} values
   */
  public record Decoded(float[] keypoints, float[] stats) {}

  /**
   * The average with augmented views: the reference crop (+ flip) and each view count once per
   * member with the member's weight; a cell's sum is divided by the weight of the views that saw it.
   */
  private Heatmaps averageWithViews(List<MemberOutput> members, int channels) {
    Heatmaps avg = Heatmaps.zeros(channels, common);
    float[] sum = avg.data();
    int cells = common.cells();
    double reference = 0;
    double[] seen = new double[cells]; // weight of the views that saw each cell (same for all channels)
    for (int m = 0; m < members.size(); m++) {
      MemberOutput out = members.get(m);
      boolean twin = flip && out.flipped() != null;
      double w = weights[m];
      add(sum, out.plain().data(), twin ? w / 2 : w);
      if (twin) {
        add(sum, out.flipped().data(), w / 2);
      }
      reference += w;
      float fw = (float) w;
      for (Heatmaps view : out.views()) {
        float[] data = view.data();
        for (int i = 0; i < data.length; i++) {
          float value = data[i];
          if (!Float.isNaN(value)) {
            sum[i] += fw * value;
          }
        }
        for (int c = 0; c < cells; c++) {
          if (!Float.isNaN(data[c])) {
            seen[c] += w;
          }
        }
      }
    }
    for (int c = 0; c < cells; c++) {
      float inv = (float) (1 / (reference + seen[c]));
      for (int k = 0; k < channels; k++) {
        sum[k * cells + c] *= inv;
      }
    }
    return avg;
  }

  /** Keypoints {@code [u, v, score] × K} of one crop. */
  public float[] decode(List<MemberOutput> members) {
    return decodeWithStats(members).keypoints();
  }

  /** Keypoints of one crop with the heatmap statistics of each joint. */
  public Decoded decodeWithStats(List<MemberOutput> members) {
    Heatmaps avg = average(members);
    double[][] target = prior == null ? null : firstRegression(members);
    KeypointOffsets offsets = localisation == Localisation.OFFSETS ? firstOffsets(members) : null;
    int w = common.width();
    int h = common.height();
    int cells = w * h;
    int channels = avg.channels();
    float[] out = new float[channels * 3];
    float[] stats = new float[channels * HeatmapStats.PER_JOINT];
    for (int k = 0; k < channels; k++) {
      float[] map = avg.data();
      int offset = avg.offset(k);
      if (postBlur != null) {
        map = postBlur.apply(map, offset, w, h);
        offset = 0;
      }
      int peakCell = HeatmapDecoder.argmax(map, offset, cells);
      int cell;
      if (target != null) {
        float[] weighted = prior.weigh(map, offset, w, h, target[k][0], target[k][1]);
        cell = HeatmapDecoder.argmax(weighted, 0, cells);
      } else {
        cell = peakCell;
      }
      float score = avg.data()[avg.offset(k) + cell];
      jointStats(members, k, map, offset, peakCell, cell, stats);
      double u;
      double v;
      if (offsets != null) {
        HeatmapGrid own = offsets.grid();
        int ox = clamp((int) Math.round(own.cellX(common.u(cell % w))), own.width());
        int oy = clamp((int) Math.round(own.cellY(common.v(cell / w))), own.height());
        double[] xy = offsets.refine(k, ox, oy);
        u = own.u(xy[0]);
        v = own.v(xy[1]);
      } else {
        if (target != null) {
          // The prior leans toward its location; refine on the peak itself.
          cell = HeatmapDecoder.climb(map, offset, w, h, cell);
        }
        Peak p = refiner.refine(map, offset, w, h, cell % w, cell / w);
        u = common.u(p.x());
        v = common.v(p.y());
      }
      out[3 * k] = (float) u;
      out[3 * k + 1] = (float) v;
      out[3 * k + 2] = score;
    }
    return new Decoded(out, stats);
  }

  /** Fills joint {@code k}'s {@link HeatmapStats}; {@code map} is the fused channel decoded. */
  private void jointStats(List<MemberOutput> members, int k, float[] map, int offset, int peakCell,
      int chosen, float[] stats) {
    int w = common.width();
    int cells = common.cells();
    float peak = map[offset + peakCell];
    float atChosen = map[offset + chosen];
    double memberSpread = 0;
    double flipSpread = 0;
    int flips = 0;
    for (MemberOutput m : members) {
      int own = HeatmapDecoder.argmax(m.plain().data(), m.plain().offset(k), cells);
      memberSpread += HeatmapStats.distance(own, chosen, w);
      if (flip && m.flipped() != null) {
        int mirrored = HeatmapDecoder.argmax(m.flipped().data(), m.flipped().offset(k), cells);
        flipSpread += HeatmapStats.distance(own, mirrored, w);
        flips++;
      }
    }
    int base = k * HeatmapStats.PER_JOINT;
    stats[base] = peak;
    stats[base + 1] = HeatmapStats.secondPeakRatio(map, offset, w, common.height(), peakCell);
    stats[base + 2] = peak > 0 ? Math.min(1f, atChosen / peak) : 1f;
    stats[base + 3] = (float) (memberSpread / members.size());
    stats[base + 4] = flips == 0 ? 0f : (float) (flipSpread / flips);
  }

  private static double[][] firstRegression(List<MemberOutput> members) {
    for (MemberOutput m : members) {
      if (m.regressed() != null) {
        return m.regressed();
      }
    }
    throw new IllegalStateException("the target-person prior needs a member with a centre regression (MoveNet)");
  }

  private static KeypointOffsets firstOffsets(List<MemberOutput> members) {
    for (MemberOutput m : members) {
      if (m.offsets() != null) {
        return m.offsets();
      }
    }
    throw new IllegalStateException("offset localisation needs a member with offsets (MoveNet)");
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }

  private static void add(float[] sum, float[] values, double weight) {
    float w = (float) weight;
    for (int i = 0; i < sum.length; i++) {
      sum[i] += w * values[i];
    }
  }
}
