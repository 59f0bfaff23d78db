package posespark.models.multipose;

import posespark.models.geometry.Box;

/**
 * One person MoveNet-multipose found in a whole image, in image pixels.
 *
 * @param box       the model's person box; its score is the model's person score
 * @param keypoints {@code [x, y, score] × 17}, COCO order
 */
public record MultiposePerson(Box box, float[] keypoints) {}
