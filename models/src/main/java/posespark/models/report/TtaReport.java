package posespark.models.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.Detection;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.ImageEval;
import posespark.eval.coco.ImageEvaluator;
import posespark.models.detect.PersonDetector;
import posespark.models.ensemble.CropJob;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.MemberOutput;
import posespark.models.ensemble.MemberRunner;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropView;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;
import posespark.models.keypoints.OksNms;
import posespark.models.pose.PoseScorer;

/**
 * Measures test-time-augmentation combinations with one model pass: every member runs each crop's
 * reference view (+ flip) and every augmented view any variant needs, once; each variant then
 * decodes the average of its own views and goes through the pipeline's scoring and OKS-NMS. Boxes
 * are the ground truth's or a detector's (already filtered as the pipeline filters them).
 *
 * <p>Cost: model time grows linearly with the crops run, so a variant's time per person is the
 * measured model time per person of the whole pass times {@code (1 + its views) / (1 + all views)}.
 */
public final class TtaReport {

  private static final Logger LOG = LoggerFactory.getLogger(TtaReport.class);
  private static final int CHUNK = 8;

  /** Detections per variant, and the measured times. */
  public record Result(List<TtaVariant> variants, List<Map<Long, List<Detection>>> detections,
      List<CropView> allViews, long[] imagesRun, int persons, double modelMs, double otherMs) {

    /** Estimated model + crop/warp time per person of variant {@code v}, milliseconds. */
    public double msPerPerson(int v) {
      double share = (1.0 + variants.get(v).views().size()) / (1.0 + allViews.size());
      return persons == 0 ? 0 : modelMs * share / persons;
    }

    /** Keypoint AP stats of variant {@code v} over the images {@code ids}. */
    public double[] stats(CocoGroundTruth gt, int v, long[] ids) {
      EvalParams params = EvalParams.keypoints();
      ImageEvaluator evaluator = new ImageEvaluator(params);
      List<ImageEval> evals = new ArrayList<>();
      for (long id : ids) {
        evals.addAll(CocoEvaluator.evaluateImage(evaluator, gt.catIds(), id, gt.annotations(id),
            detections.get(v).getOrDefault(id, List.of())));
      }
      CocoEvalResult r = CocoEvaluator.accumulate(params, gt.catIds(), evals);
      return r.stats();
    }
  }

  private final CocoGroundTruth gt;
  private final AccuracyReport.ImageLoader loader;
  private final List<MemberRunner> members;
  private final EnsembleDecoder decoder;
  private final PoseScorer scorer;
  private final OksNms nms;
  private final double cropScale;

  public TtaReport(CocoGroundTruth gt, AccuracyReport.ImageLoader loader, List<MemberRunner> members,
      EnsembleDecoder decoder, PoseScorer scorer, OksNms nms, double cropScale) {
    this.gt = gt;
    this.loader = loader;
    this.members = List.copyOf(members);
    this.decoder = decoder;
    this.scorer = scorer;
    this.nms = nms;
    this.cropScale = cropScale;
  }

  /**
   * Runs the members once over the images' boxes with every view and decodes each variant.
   *
   * @param detector   null: ground-truth boxes; else its (filtered) boxes
   * @param maxMinutes take no new chunk of images after this long (0: no limit); the result says
   *                   which images ran
   */
  public Result run(long[] ids, List<TtaVariant> variants, PersonDetector detector, double maxMinutes)
      throws IOException {
    LinkedHashSet<CropView> union = new LinkedHashSet<>();
    variants.forEach(v -> union.addAll(v.views()));
    List<CropView> all = List.copyOf(union);
    int[][] pick = new int[variants.size()][];
    for (int v = 0; v < variants.size(); v++) {
      pick[v] = variants.get(v).views().stream().mapToInt(all::indexOf).toArray();
    }
    List<Map<Long, List<Detection>>> results = new ArrayList<>();
    variants.forEach(v -> results.add(new HashMap<>()));
    double aspect = members.get(0).spec().aspect();
    long modelNanos = 0;
    long otherNanos = 0;
    int persons = 0;
    long start = System.nanoTime();
    int from = 0;
    for (; from < ids.length; from += CHUNK) {
      if (maxMinutes > 0 && (System.nanoTime() - start) / 6e10 > maxMinutes) {
        LOG.warn("time limit of {} min reached after {} of {} images", maxMinutes, from, ids.length);
        break;
      }
      int to = Math.min(ids.length, from + CHUNK);
      List<DecodedImage> images = new ArrayList<>();
      for (int i = from; i < to; i++) {
        images.add(loader.load(ids[i]));
      }
      List<List<Box>> boxes = new ArrayList<>();
      if (detector == null) {
        for (int i = from; i < to; i++) {
          boxes.add(AccuracyReport.groundTruthBoxes(gt.annotations(ids[i])));
        }
      } else {
        boxes = detector.detect(images);
      }
      List<CropJob> jobs = new ArrayList<>();
      List<Integer> owner = new ArrayList<>();
      List<Box> jobBoxes = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        for (Box b : boxes.get(i)) {
          jobs.add(new CropJob(images.get(i), CropWindow.around(b, aspect, cropScale)));
          owner.add(i);
          jobBoxes.add(b);
        }
      }
      persons += jobs.size();
      long t0 = System.nanoTime();
      List<List<MemberOutput>> outputs = new ArrayList<>();
      for (MemberRunner m : members) {
        outputs.add(m.run(jobs, decoder.flip(), all));
      }
      long t1 = System.nanoTime();
      modelNanos += t1 - t0;
      for (int v = 0; v < variants.size(); v++) {
        List<List<Box>> imageBoxes = new ArrayList<>();
        List<List<float[]>> imageKps = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
          imageBoxes.add(new ArrayList<>());
          imageKps.add(new ArrayList<>());
        }
        for (int j = 0; j < jobs.size(); j++) {
          List<MemberOutput> mine = new ArrayList<>(members.size());
          for (List<MemberOutput> perMember : outputs) {
            mine.add(subset(perMember.get(j), pick[v]));
          }
          float[] crop = decoder.decode(mine);
          CropWindow w = jobs.get(j).window();
          float[] kp = new float[crop.length];
          for (int k = 0; k < crop.length; k += 3) {
            kp[k] = (float) w.imageX(crop[k]);
            kp[k + 1] = (float) w.imageY(crop[k + 1]);
            kp[k + 2] = crop[k + 2];
          }
          imageBoxes.get(owner.get(j)).add(jobBoxes.get(j));
          imageKps.get(owner.get(j)).add(kp);
        }
        for (int i = 0; i < images.size(); i++) {
          List<float[]> kps = imageKps.get(i);
          if (kps.isEmpty()) {
            continue;
          }
          List<Box> bs = imageBoxes.get(i);
          double[] scores = scorer.score(bs, kps, images.get(i).width(), images.get(i).height());
          double[] areas = bs.stream().mapToDouble(Box::area).toArray();
          List<Detection> dets = results.get(v).computeIfAbsent(ids[from + i], x -> new ArrayList<>());
          for (int p : nms.keep(kps, scores, areas)) {
            dets.add(AccuracyReport.detection(ids[from + i], dets.size(), scores[p], kps.get(p)));
          }
        }
      }
      otherNanos += System.nanoTime() - t1;
      if ((from / CHUNK) % 5 == 0) {
        LOG.info("{} / {} images, {} persons, {} s", to, ids.length, persons,
            (System.nanoTime() - start) / 1_000_000_000L);
      }
    }
    return new Result(List.copyOf(variants), results, all, java.util.Arrays.copyOf(ids, Math.min(from, ids.length)),
        persons, modelNanos / 1e6, otherNanos / 1e6);
  }

  private static MemberOutput subset(MemberOutput out, int[] pick) {
    List<posespark.models.heatmap.Heatmaps> views = new ArrayList<>(pick.length);
    for (int i : pick) {
      views.add(out.views().get(i));
    }
    return new MemberOutput(out.plain(), out.flipped(), out.offsets(), out.regressed(), views);
  }
}
