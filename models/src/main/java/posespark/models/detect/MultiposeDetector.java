package posespark.models.detect;

import java.util.ArrayList;
import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;
import posespark.models.multipose.MultiposeModel;
import posespark.models.multipose.MultiposePerson;

/** MoveNet-multipose's person boxes as a {@link PersonDetector} (keypoints dropped). */
public final class MultiposeDetector implements PersonDetector {

  private final MultiposeModel model;
  private final BoxFilter filter;

  public MultiposeDetector(MultiposeModel model, BoxFilter filter) {
    this.model = model;
    this.filter = filter;
  }

  @Override
  public List<List<Box>> detect(List<DecodedImage> images) {
    List<List<Box>> out = new ArrayList<>(images.size());
    for (DecodedImage image : images) {
      List<Box> boxes = new ArrayList<>();
      for (MultiposePerson p : model.persons(image)) {
        boxes.add(p.box());
      }
      out.add(filter.apply(boxes));
    }
    return out;
  }
}
