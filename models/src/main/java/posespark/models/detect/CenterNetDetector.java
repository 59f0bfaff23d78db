package posespark.models.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import posespark.models.ensemble.ModelRunner;
import posespark.models.geometry.BilinearCropper;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;

/**
 * Person boxes from CenterNet's decoded detections: the image is letterboxed into the square input
 * (values 0–255), the model's own top-100 output {@code [1, 100, 6]} (x1, y1, x2, y2 in input
 * pixels, score, class) is filtered to the person class, mapped back to image pixels (clipped to
 * the image) and passed through the {@link BoxFilter}. The converted graph runs at batch 1, so
 * images are run one by one.
 */
public final class CenterNetDetector implements PersonDetector {

  private final ModelRunner runner;
  private final int inputSize;
  private final String detectionsKey;
  private final int personClass;
  private final BoxFilter filter;

  public CenterNetDetector(ModelRunner runner, int inputSize, String detectionsKey, int personClass,
      BoxFilter filter) {
    this.runner = runner;
    this.inputSize = inputSize;
    this.detectionsKey = detectionsKey;
    this.personClass = personClass;
    this.filter = filter;
  }

  @Override
  public List<List<Box>> detect(List<DecodedImage> images) {
    List<List<Box>> out = new ArrayList<>(images.size());
    for (DecodedImage image : images) {
      out.add(filter.apply(raw(image)));
    }
    return out;
  }

  /** Person boxes before thresholding and suppression. */
  public List<Box> raw(DecodedImage image) {
    CropWindow window = Letterbox.window(image);
    float[] pixels = new float[inputSize * inputSize * 3];
    BilinearCropper.crop(image, window, inputSize, inputSize, false, pixels, 0);
    Map<String, float[]> result = runner.run(pixels, false, new long[] {1, inputSize, inputSize, 3},
        List.of(detectionsKey));
    return decode(result.get(detectionsKey), window, image.width(), image.height());
  }

  /** Decodes {@code [N, 6]} rows (x1, y1, x2, y2, score, class) of one image. */
  List<Box> decode(float[] rows, CropWindow window, int width, int height) {
    List<Box> boxes = new ArrayList<>();
    for (int i = 0; i + 5 < rows.length; i += 6) {
      if ((int) rows[i + 5] != personClass) {
        continue;
      }
      double x1 = clamp(window.imageX(rows[i] / inputSize), width);
      double y1 = clamp(window.imageY(rows[i + 1] / inputSize), height);
      double x2 = clamp(window.imageX(rows[i + 2] / inputSize), width);
      double y2 = clamp(window.imageY(rows[i + 3] / inputSize), height);
      if (x2 > x1 && y2 > y1) {
        boxes.add(new Box(x1, y1, x2 - x1, y2 - y1, rows[i + 4]));
      }
    }
    return boxes;
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
