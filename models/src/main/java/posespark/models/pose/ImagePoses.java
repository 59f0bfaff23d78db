package posespark.models.pose;

import java.util.List;
import java.util.Map;

/**
 * The pipeline's answer for one image: the persons found (after rescoring and OKS-NMS, best
 * first) and how long each step took. A failure confined to this image is reported in
 * {@code error} (persons empty) instead of being thrown, so one bad image never fails a batch.
 *
 * @param imageId  the request's image id
 * @param persons  poses, highest pose score first
 * @param timingsMs milliseconds per pipeline step (e.g. "detect", "pose", "decode")
 * @param error    null when the image was processed, else a readable reason
 */
public record ImagePoses(long imageId, List<PersonPose> persons, Map<String, Double> timingsMs,
    String error) {

  public boolean ok() {
    return error == null;
  }
}
