package posespark.models.refine;

import java.util.ArrayList;
import java.util.List;
import posespark.models.ensemble.CropJob;
import posespark.models.ensemble.MemberOutput;
import posespark.models.ensemble.MemberRunner;
import posespark.models.geometry.CropWindow;
import posespark.models.pose.PoseRefiner;

/**
 * The training-free refinement: the same ensemble run again on a better crop. Each input pose gets
 * a pose-guided window ({@link PoseGuidedCrop}), every member runs once over all windows of the
 * batch (plain and flipped, as in the first pass), and {@link RefinementFusion} fuses the new
 * evidence with the input pose per joint. Thread-safe.
 */
public final class EnsembleRefiner implements PoseRefiner {

  private final List<MemberRunner> members;
  private final RefinementFusion fusion;
  private final JointFusion mode;
  private final PoseGuidedCrop crop;
  private final boolean flip;
  private final double aspect;

  /**
   * @param flip   run the members with their mirrored twins (as the decoder expects)
   * @param aspect crop height / width shared by the members
   */
  public EnsembleRefiner(List<MemberRunner> members, RefinementFusion fusion, JointFusion mode,
      PoseGuidedCrop crop, boolean flip, double aspect) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a refiner needs at least one model");
    }
    this.members = List.copyOf(members);
    this.fusion = fusion;
    this.mode = mode;
    this.crop = crop;
    this.flip = flip;
    this.aspect = aspect;
  }

  @Override
  public List<float[]> refine(List<Target> targets) {
    List<float[]> out = new ArrayList<>(targets.size());
    if (mode == JointFusion.KEEP) {
      targets.forEach(t -> out.add(t.pose().keypoints().clone()));
      return out;
    }
    List<CropJob> jobs = new ArrayList<>(targets.size());
    for (Target t : targets) {
      jobs.add(new CropJob(t.image(), crop.window(t.pose().keypoints(), t.pose().box(), aspect)));
    }
    List<List<MemberOutput>> perMember = new ArrayList<>(members.size());
    for (MemberRunner m : members) {
      perMember.add(jobs.isEmpty() ? List.of() : m.run(jobs, flip));
    }
    for (int j = 0; j < jobs.size(); j++) {
      List<MemberOutput> outputs = new ArrayList<>(members.size());
      for (List<MemberOutput> m : perMember) {
        outputs.add(m.get(j));
      }
      CropWindow window = jobs.get(j).window();
      out.add(fusion.fuse(mode, window, targets.get(j).pose().keypoints(), outputs));
    }
    return out;
  }
}
