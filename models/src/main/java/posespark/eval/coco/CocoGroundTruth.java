package posespark.eval.coco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A ground-truth file held in memory for the local evaluator: sorted image and category ids
 * (pycocotools' {@code p.imgIds}, {@code p.catIds}) and annotations per image in file order.
 */
public final class CocoGroundTruth {

  private final long[] imageIds;
  private final int[] catIds;
  private final Map<Long, List<GtAnnotation>> byImage;

  private CocoGroundTruth(long[] imageIds, int[] catIds, Map<Long, List<GtAnnotation>> byImage) {
    this.imageIds = imageIds;
    this.catIds = catIds;
    this.byImage = byImage;
  }

  /** Reads a COCO ground-truth JSON file. */
  public static CocoGroundTruth read(Path file, IouType type, int keypointCount) {
    TreeSet<Long> images = new TreeSet<>();
    TreeSet<Integer> cats = new TreeSet<>();
    Map<Long, List<GtAnnotation>> byImage = new HashMap<>();
    new CocoJsonReader(type, keypointCount).readGroundTruth(file, new CocoJsonReader.GroundTruthSink() {
      @Override
      public void image(long imageId) {
        images.add(imageId);
      }

      @Override
      public void category(int categoryId) {
        cats.add(categoryId);
      }

      @Override
      public void annotation(GtAnnotation a) {
        byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
      }
    });
    if (cats.isEmpty()) {
      throw new CocoFormatException(file.toString(), "ground truth has no categories");
    }
    return new CocoGroundTruth(images.stream().mapToLong(Long::longValue).toArray(),
        cats.stream().mapToInt(Integer::intValue).toArray(), byImage);
  }

  /** Image ids, ascending. */
  public long[] imageIds() {
    return imageIds.clone();
  }

  /** Category ids, ascending. */
  public int[] catIds() {
    return catIds.clone();
  }

  public boolean hasImage(long imageId) {
    return Arrays.binarySearch(imageIds, imageId) >= 0;
  }

  /** The image's annotations in file order (all categories). */
  public List<GtAnnotation> annotations(long imageId) {
    return byImage.getOrDefault(imageId, List.of());
  }
}
