package posespark.models.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongPredicate;
import posespark.models.scoring.ScoringFitMain;

/**
 * The project's split of a COCO folder by image id ({@link ScoringFitMain#fittingHalf}): even ids choose
 * and fit (calibration, variants, the scoring model), odd ids are held back for reporting.
 */
public enum ImageIdHalf implements LongPredicate {
  ALL, EVEN, ODD;

  /** {@code all}, {@code even} or {@code odd}; anything else names {@code option} in the message. */
  public static ImageIdHalf parse(String value, String option) {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " must be all, even or odd, not '" + value + "'");
    }
  }

  @Override
  public boolean test(long imageId) {
    return switch (this) {
      case ALL -> true;
      case EVEN -> ScoringFitMain.fittingHalf(imageId);
      case ODD -> !ScoringFitMain.fittingHalf(imageId);
    };
  }

  /** The ids of this half, in order. */
  public long[] select(long[] ids) {
    return this == ALL ? ids : Arrays.stream(ids).filter(this).toArray();
  }
}
