package posespark.job.annotate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PosePipeline;
import posespark.models.pose.PoseRequest;

/**
 * TEST PIPELINE, not a pose model: its output is a deterministic function of the decoded pixels so
 * that the job's plumbing (statuses, row counts, boxes, tables) can be checked exactly. Without
 * boxes it "finds" one person covering the whole image; with boxes, one person per box. Keypoint k
 * lies on the box's diagonal at fraction (k + 1) / 18; its score is the image's mean red level /
 * 255. An image that is entirely pure blue (0, 0, 255) is answered with an error, to test
 * per-image pipeline errors. Given poses to refine ({@link PoseRequest#poses()}), it "refines" each
 * by moving every keypoint one pixel right and down, keeping box and scores.
 */
public final class ImageSizeTestPipeline implements PosePipeline {

  /** The factory the job loads by name on each executor. */
  public static final class Factory implements PipelineFactory {
    @Override
    public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
      return new ImageSizeTestPipeline();
    }

    @Override
    public Map<String, String> modelDigests(PipelineSpec spec) {
      return Map.of("image-size-test", "none");
    }
  }

  @Override
  public List<ImagePoses> annotate(List<PoseRequest> batch) {
    List<ImagePoses> out = new ArrayList<>(batch.size());
    for (PoseRequest r : batch) {
      DecodedImage img = r.image();
      if (allBlue(img)) {
        out.add(new ImagePoses(r.imageId(), List.of(), Map.of("pose", 0.0),
            "test pipeline refuses blue images"));
        continue;
      }
      if (r.poses() != null) {
        out.add(new ImagePoses(r.imageId(), r.poses().stream().map(ImageSizeTestPipeline::shifted).toList(),
            Map.of("refine", 1.0), null));
        continue;
      }
      List<Box> boxes = r.boxes() != null ? r.boxes()
          : List.of(new Box(0, 0, img.width(), img.height(), 1.0));
      double score = meanRed(img) / 255.0;
      List<PersonPose> persons = new ArrayList<>();
      for (Box b : boxes) {
        float[] k = new float[17 * 3];
        for (int i = 0; i < 17; i++) {
          double f = (i + 1) / 18.0;
          k[3 * i] = (float) (b.x() + f * b.w());
          k[3 * i + 1] = (float) (b.y() + f * b.h());
          k[3 * i + 2] = (float) score;
        }
        persons.add(new PersonPose(b, b.score() * score, k));
      }
      out.add(new ImagePoses(r.imageId(), persons, Map.of("pose", 1.0), null));
    }
    return out;
  }

  private static PersonPose shifted(PersonPose p) {
    float[] k = p.keypoints().clone();
    for (int i = 0; i < k.length; i += 3) {
      k[i] += 1;
      k[i + 1] += 1;
    }
    return new PersonPose(p.box(), p.poseScore(), k);
  }

  private static boolean allBlue(DecodedImage img) {
    byte[] rgb = img.rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      if (rgb[i] != 0 || rgb[i + 1] != 0 || rgb[i + 2] != (byte) 255) {
        return false;
      }
    }
    return true;
  }

  static double meanRed(DecodedImage img) {
    long sum = 0;
    byte[] rgb = img.rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      sum += rgb[i] & 0xff;
    }
    return (double) sum / (img.width() * (long) img.height());
  }
}
