package posespark.models.detect;

import java.util.List;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;

/** Finds person boxes (image pixels, with scores) in decoded images; thread-safe. */
public interface PersonDetector {

  /** One list of person boxes per image, in image order, best first. */
  List<List<Box>> detect(List<DecodedImage> images);
}
