package posespark.models.ensemble;

import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;

/** One person crop to run: the image and the window around the person. */
public record CropJob(DecodedImage image, CropWindow window) {}
