package posespark.models.multipose;

import java.util.List;
import java.util.Map;
import posespark.models.ensemble.ModelRunner;
import posespark.models.geometry.BilinearCropper;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;

/**
 * MoveNet-multipose on whole images: each image is letterboxed into the square int32 input
 * (values 0–255, rounded), the model runs at batch 1 (its decoding assumes one image), and
 * {@link MultiposeDecoder} maps the six person slots back to image pixels. Thread-safe.
 */
public final class MultiposeModel {

  private final ModelRunner runner;
  private final int inputSize;
  private final String outputKey;
  private final MultiposeDecoder decoder;

  public MultiposeModel(ModelRunner runner, int inputSize, String outputKey,
      MultiposeDecoder decoder) {
    this.runner = runner;
    this.inputSize = inputSize;
    this.outputKey = outputKey;
    this.decoder = decoder;
  }

  /** Persons found in the image, best first. */
  public List<MultiposePerson> persons(DecodedImage image) {
    // Letterboxed as the detectors do: the square around the whole image, padded black.
    double side = Math.max(image.width(), image.height());
    CropWindow window = new CropWindow(image.width() / 2.0, image.height() / 2.0, side, side);
    float[] pixels = new float[inputSize * inputSize * 3];
    BilinearCropper.crop(image, window, inputSize, inputSize, false, pixels, 0);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = Math.round(pixels[i]);
    }
    Map<String, float[]> out = runner.run(pixels, true, new long[] {1, inputSize, inputSize, 3},
        List.of(outputKey));
    return decoder.decode(out.get(outputKey), window, image.width(), image.height());
  }
}
