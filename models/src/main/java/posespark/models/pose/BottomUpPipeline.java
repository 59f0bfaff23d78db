package posespark.models.pose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;
import posespark.models.keypoints.OksNms;
import posespark.models.multipose.MultiposeModel;
import posespark.models.multipose.MultiposePerson;

/**
 * The bottom-up {@link PosePipeline}: MoveNet-multipose on each whole image (no detector, no
 * crops) gives up to six persons with boxes and keypoints; they are scored by the same
 * {@link PoseScorer} as top-down poses and pass the same OKS-NMS. Given boxes are not used: the
 * model finds its own persons. A failure on one image is that image's error. Holds no per-call state.
 */
public final class BottomUpPipeline implements PosePipeline {

  private static final Logger LOG = LoggerFactory.getLogger(BottomUpPipeline.class);

  private final MultiposeModel model;
  private final PoseScorer scorer;
  private final OksNms oksNms;

  public BottomUpPipeline(MultiposeModel model, PoseScorer scorer, OksNms oksNms) {
    this.model = model;
    this.scorer = scorer;
    this.oksNms = oksNms;
  }

  @Override
  public List<ImagePoses> annotate(List<PoseRequest> batch) {
    List<ImagePoses> out = new ArrayList<>(batch.size());
    for (PoseRequest request : batch) {
      Map<String, Double> timings = new LinkedHashMap<>();
      long start = System.nanoTime();
      List<MultiposePerson> persons;
      try {
        persons = model.persons(request.image());
      } catch (RuntimeException e) {
        LOG.warn("multipose model failed on image {}: {}", request.imageId(), e.toString());
        out.add(new ImagePoses(request.imageId(), List.of(), timings,
            "multipose model failed: " + e.getMessage()));
        continue;
      }
      timings.put("pose", (System.nanoTime() - start) / 1e6);
      start = System.nanoTime();
      List<PersonPose> poses = finish(request.image(), persons);
      timings.put("score_nms", (System.nanoTime() - start) / 1e6);
      out.add(new ImagePoses(request.imageId(), poses, timings, null));
    }
    return out;
  }

  private List<PersonPose> finish(DecodedImage image, List<MultiposePerson> persons) {
    List<Box> boxes = new ArrayList<>(persons.size());
    List<float[]> keypoints = new ArrayList<>(persons.size());
    double[] areas = new double[persons.size()];
    for (int i = 0; i < persons.size(); i++) {
      boxes.add(persons.get(i).box());
      keypoints.add(persons.get(i).keypoints());
      areas[i] = persons.get(i).box().area();
    }
    double[] scores = scorer.score(boxes, keypoints, image.width(), image.height());
    List<PersonPose> kept = new ArrayList<>();
    for (int i : oksNms.keep(keypoints, scores, areas)) {
      kept.add(new PersonPose(boxes.get(i), scores[i], keypoints.get(i)));
    }
    return kept;
  }
}
