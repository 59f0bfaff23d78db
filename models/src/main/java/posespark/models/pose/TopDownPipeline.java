package posespark.models.pose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.detect.PersonDetector;
import posespark.models.ensemble.CropJob;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.MemberOutput;
import posespark.models.ensemble.MemberRunner;
import posespark.models.ensemble.ModelCallClock;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropView;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;
import posespark.models.keypoints.OksNms;

/**
 * The top-down {@link PosePipeline}: boxes (given, or from the detector) → crop windows → every
 * ensemble member on all crops of the batch at once (plain + flipped) → fused decoding → image
 * coordinates → optional refinement ({@link PoseRefiner}, on all poses of the batch at once) →
 * scoring ({@link PoseScorer}) → OKS-NMS per image. Requests that bring poses
 * ({@link PoseRequest#refining}) skip detection and estimation and go straight to refinement.
 * Holds no per-call state.
 * With test-time-augmentation views every member also runs each crop's scaled/turned views, whose
 * heatmaps join the average before decoding.
 *
 * <p>Failures: an image whose own step fails (e.g. the detector on it) is answered with an error;
 * a failure of a batched model call fails every image of that batch with the same message, since
 * no image can be blamed.
 */
public final class TopDownPipeline implements PosePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(TopDownPipeline.class);

  private final List<MemberRunner> members;
  private final EnsembleDecoder decoder;
  private final PersonDetector detector;
  private final PoseRefiner refiner;
  private final PoseScorer scorer;
  private final OksNms oksNms;
  private final double cropScale;
  private final double aspect;
  private final List<CropView> views;

  /**
   * @param detector null when every request brings its boxes
   * @param refiner  null for no refinement
   * @param aspect   crop height / width shared by the members
   */
  public TopDownPipeline(List<MemberRunner> members, EnsembleDecoder decoder, PersonDetector detector,
      PoseRefiner refiner, PoseScorer scorer, OksNms oksNms, double cropScale, double aspect) {
    this(members, decoder, detector, refiner, scorer, oksNms, cropScale, aspect, List.of());
  }

  /** As above, with test-time-augmentation {@code views} of every crop (empty: none). */
  public TopDownPipeline(List<MemberRunner> members, EnsembleDecoder decoder, PersonDetector detector,
      PoseRefiner refiner, PoseScorer scorer, OksNms oksNms, double cropScale, double aspect,
      List<CropView> views) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a pose pipeline needs at least one model");
    }
    this.members = List.copyOf(members);
    this.decoder = decoder;
    this.detector = detector;
    this.refiner = refiner;
    this.scorer = scorer;
    this.oksNms = oksNms;
    this.cropScale = cropScale;
    this.aspect = aspect;
    this.views = List.copyOf(views);
  }

  @Override
  public List<ImagePoses> annotate(List<PoseRequest> batch) {
    int n = batch.size();
    List<List<Box>> boxes = new ArrayList<>(n);
    String[] errors = new String[n];
    List<Map<String, Double>> timings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boxes.add(batch.get(i).boxes());
      timings.add(new LinkedHashMap<>());
    }
    detectMissing(batch, boxes, errors, timings);

    List<CropJob> jobs = new ArrayList<>();
    List<int[]> owners = new ArrayList<>(); // {request, box}
    for (int i = 0; i < n; i++) {
      if (errors[i] != null || batch.get(i).poses() != null) {
        continue;
      }
      DecodedImage image = batch.get(i).image();
      List<Box> list = boxes.get(i);
      for (int b = 0; b < list.size(); b++) {
        jobs.add(new CropJob(image, CropWindow.around(list.get(b), aspect, cropScale)));
        owners.add(new int[] {i, b});
      }
    }
    List<List<PersonPose>> found = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<PersonPose> given = batch.get(i).poses();
      found.add(given == null ? new ArrayList<>() : new ArrayList<>(given));
      if (given != null && refiner == null) {
        errors[i] = "input poses given but no refiner configured";
      }
    }
    if (!jobs.isEmpty()) {
      try {
        long start = System.nanoTime();
        long modelBefore = ModelCallClock.nanos();
        List<List<MemberOutput>> perMember = new ArrayList<>();
        for (MemberRunner member : members) {
          perMember.add(member.run(jobs, decoder.flip(), views));
        }
        double poseMs = (System.nanoTime() - start) / 1e6;
        double modelMs = (ModelCallClock.nanos() - modelBefore) / 1e6;
        start = System.nanoTime();
        for (int j = 0; j < jobs.size(); j++) {
          List<MemberOutput> outputs = new ArrayList<>(members.size());
          for (List<MemberOutput> m : perMember) {
            outputs.add(m.get(j));
          }
          int[] owner = owners.get(j);
          Box box = boxes.get(owner[0]).get(owner[1]);
          found.get(owner[0]).add(toPose(jobs.get(j), box, decoder.decodeWithStats(outputs)));
        }
        double decodeMs = (System.nanoTime() - start) / 1e6;
        share(timings, estimated(batch, found), "pose", poseMs, jobs.size());
        // The part of "pose" spent waiting for the pose models (the rest: crops in, heatmaps out).
        share(timings, estimated(batch, found), "pose_model", modelMs, jobs.size());
        share(timings, estimated(batch, found), "decode", decodeMs, jobs.size());
      } catch (RuntimeException e) {
        LOG.warn("pose models failed on a batch of {} crops: {}", jobs.size(), e.toString());
        for (int i = 0; i < n; i++) {
          if (errors[i] == null && !boxes.get(i).isEmpty()) {
            errors[i] = "pose model failed: " + e.getMessage();
          }
        }
      }
    }
    refineAll(batch, found, errors, timings);
    List<ImagePoses> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long id = batch.get(i).imageId();
      if (errors[i] != null) {
        result.add(new ImagePoses(id, List.of(), timings.get(i), errors[i]));
        continue;
      }
      long start = System.nanoTime();
      List<PersonPose> poses = finish(batch.get(i).image(), found.get(i));
      timings.get(i).put("score_nms", (System.nanoTime() - start) / 1e6);
      result.add(new ImagePoses(id, poses, timings.get(i), null));
    }
    return result;
  }

  /** Refines every pose of the batch in one refiner call; a refiner failure fails those images. */
  private void refineAll(List<PoseRequest> batch, List<List<PersonPose>> found, String[] errors,
      List<Map<String, Double>> timings) {
    if (refiner == null) {
      return;
    }
    List<PoseRefiner.Target> targets = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      if (errors[i] == null) {
        for (PersonPose p : found.get(i)) {
          targets.add(new PoseRefiner.Target(batch.get(i).image(), p));
        }
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    try {
      List<float[]> refined = refiner.refine(targets);
      int t = 0;
      for (int i = 0; i < found.size(); i++) {
        if (errors[i] != null) {
          continue;
        }
        List<PersonPose> poses = found.get(i);
        for (int p = 0; p < poses.size(); p++) {
          PersonPose old = poses.get(p);
          poses.set(p, new PersonPose(old.box(), old.poseScore(), refined.get(t++)));
        }
      }
      share(timings, found, "refine", (System.nanoTime() - start) / 1e6, targets.size());
    } catch (RuntimeException e) {
      LOG.warn("refiner failed on a batch of {} poses: {}", targets.size(), e.toString());
      for (int i = 0; i < found.size(); i++) {
        if (errors[i] == null && !found.get(i).isEmpty()) {
          errors[i] = "pose refinement failed: " + e.getMessage();
        }
      }
    }
  }

  private void detectMissing(List<PoseRequest> batch, List<List<Box>> boxes, String[] errors,
      List<Map<String, Double>> timings) {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (boxes.get(i) == null) {
        missing.add(i);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (detector == null) {
      for (int i : missing) {
        errors[i] = "no person boxes given and no detector configured";
      }
      return;
    }
    List<DecodedImage> images = new ArrayList<>();
    for (int i : missing) {
      images.add(batch.get(i).image());
    }
    long start = System.nanoTime();
    try {
      List<List<Box>> detected = detector.detect(images);
      double each = (System.nanoTime() - start) / 1e6 / missing.size();
      for (int j = 0; j < missing.size(); j++) {
        boxes.set(missing.get(j), detected.get(j));
        timings.get(missing.get(j)).put("detect", each);
      }
    } catch (RuntimeException e) {
      LOG.warn("person detector failed on {} images: {}", missing.size(), e.toString());
      for (int i : missing) {
        errors[i] = "person detector failed: " + e.getMessage();
        boxes.set(i, List.of());
      }
    }
  }

  private PersonPose toPose(CropJob job, Box box, EnsembleDecoder.Decoded decoded) {
    float[] crop = decoded.keypoints();
    CropWindow w = job.window();
    float[] kp = new float[crop.length];
    for (int k = 0; k < crop.length; k += 3) {
      kp[k] = (float) w.imageX(crop[k]);
      kp[k + 1] = (float) w.imageY(crop[k + 1]);
      kp[k + 2] = crop[k + 2];
    }
    return new PersonPose(box, 0, kp, decoded.stats());
  }

  private List<PersonPose> finish(DecodedImage image, List<PersonPose> poses) {
    List<Box> boxes = new ArrayList<>(poses.size());
    List<float[]> keypoints = new ArrayList<>(poses.size());
    List<float[]> stats = new ArrayList<>(poses.size());
    double[] areas = new double[poses.size()];
    for (int i = 0; i < poses.size(); i++) {
      PersonPose p = poses.get(i);
      boxes.add(p.box());
      keypoints.add(p.keypoints());
      stats.add(p.heatmapStats());
      areas[i] = p.box().area();
    }
    double[] scores = scorer.score(boxes, keypoints, stats, image.width(), image.height());
    List<PersonPose> kept = new ArrayList<>();
    for (int i : oksNms.keep(keypoints, scores, areas)) {
      kept.add(new PersonPose(boxes.get(i), scores[i], keypoints.get(i), stats.get(i)));
    }
    return kept;
  }

  /** Per image, its first-pass poses (none for requests that brought their poses). */
  private static List<List<PersonPose>> estimated(List<PoseRequest> batch, List<List<PersonPose>> found) {
    List<List<PersonPose>> out = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      out.add(batch.get(i).poses() != null ? List.of() : found.get(i));
    }
    return out;
  }

  /** Splits a batch-wide step time over images by their share of crops. */
  private static void share(List<Map<String, Double>> timings, List<List<PersonPose>> found,
      String step, double ms, int crops) {
    for (int i = 0; i < timings.size(); i++) {
      int mine = found.get(i).size();
      if (mine > 0) {
        timings.get(i).put(step, ms * mine / crops);
      }
    }
  }
}
