package posespark.models.detect;

import java.util.ArrayList;
import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;

/**
 * Person boxes from several detectors made into one list per image: each detector's own boxes
 * (already thresholded and suppressed by its {@link BoxFilter}) are fused by WBF, or pooled and
 * suppressed again (NMS); at most the filter's {@code maxPersons} are kept.
 */
public final class FusedDetector implements PersonDetector {

  /** The WBF paper's IoU threshold for joining a cluster. */
  public static final double WBF_IOU = 0.55;

  private final List<PersonDetector> detectors;
  private final BoxFusion fusion;
  private final BoxFilter filter;

  public FusedDetector(List<PersonDetector> detectors, BoxFusion fusion, BoxFilter filter) {
    if (detectors.isEmpty()) {
      throw new IllegalArgumentException("box fusion needs at least one detector");
    }
    this.detectors = List.copyOf(detectors);
    this.fusion = fusion;
    this.filter = filter;
  }

  @Override
  public List<List<Box>> detect(List<DecodedImage> images) {
    List<List<List<Box>>> perDetector = new ArrayList<>(detectors.size());
    for (PersonDetector d : detectors) {
      perDetector.add(d.detect(images));
    }
    List<List<Box>> out = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      List<List<Box>> mine = new ArrayList<>(detectors.size());
      for (List<List<Box>> d : perDetector) {
        mine.add(d.get(i));
      }
      out.add(fuse(mine));
    }
    return out;
  }

  /** One image's boxes, one list per detector, fused. */
  public List<Box> fuse(List<List<Box>> perDetector) {
    return fuse(perDetector, fusion, filter);
  }

  /**
   * One image's boxes, one list per detector (each already through {@code filter}), fused as
   * {@code fusion} says; a single list is returned as it is.
   */
  public static List<Box> fuse(List<List<Box>> perDetector, BoxFusion fusion, BoxFilter filter) {
    if (perDetector.size() == 1) {
      return perDetector.get(0);
    }
    if (fusion == BoxFusion.NMS) {
      List<Box> pooled = new ArrayList<>();
      perDetector.forEach(pooled::addAll);
      return filter.apply(pooled);
    }
    List<Box> fused = new WeightedBoxFusion(WBF_IOU).fuse(perDetector);
    return fused.size() > filter.maxPersons() ? List.copyOf(fused.subList(0, filter.maxPersons())) : fused;
  }
}
