package posespark.job.render;

import java.io.Serializable;
import java.util.List;
import posespark.models.render.DrawnPose;

/**
 * One picture to draw: the original image, its size in the images table (null if unknown), the
 * poses and the output file name (its extension picks PNG or JPEG).
 */
record PictureTask(String uri, Integer width, Integer height, List<DrawnPose> poses, String fileName)
    implements Serializable {}
