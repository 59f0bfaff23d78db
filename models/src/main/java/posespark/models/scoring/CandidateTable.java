package posespark.models.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import posespark.models.heatmap.HeatmapStats;

/**
 * The candidate file written by {@link CandidateDumpMain}: one TSV line per candidate pose with its
 * box source, image id and size, box {@code x y w h score}, 17 × {@code x y score} and 17 ×
 * the {@link HeatmapStats}. Files written before the statistics existed (60 columns) still read:
 * their candidates carry no statistics.
 */
public final class CandidateTable {

  /** Column names of the first line. */
  public static final String HEADER;

  static {
    StringBuilder h = new StringBuilder("boxes\timage_id\twidth\theight\tbox_x\tbox_y\tbox_w\tbox_h\tbox_score");
    for (int k = 0; k < 17; k++) {
      h.append("\tkp").append(k).append("_x\tkp").append(k).append("_y\tkp").append(k).append("_score");
    }
    for (int k = 0; k < 17; k++) {
      for (String stat : HeatmapStats.NAMES) {
        h.append("\tkp").append(k).append('_').append(stat);
      }
    }
    HEADER = h.toString();
  }

  private static final int KEYPOINT_COLUMNS = 9 + 51;
  private static final int ALL_COLUMNS = KEYPOINT_COLUMNS + 17 * HeatmapStats.PER_JOINT;

  private CandidateTable() {}

  /** Reads every candidate of a file. */
  public static List<Candidate> read(Path file) throws IOException {
    List<Candidate> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      if (f.length != KEYPOINT_COLUMNS && f.length != ALL_COLUMNS) {
        throw new IOException(file + ":" + (i + 1) + ": expected " + KEYPOINT_COLUMNS + " or "
            + ALL_COLUMNS + " columns, found " + f.length);
      }
      float[] kp = new float[51];
      for (int k = 0; k < 51; k++) {
        kp[k] = Float.parseFloat(f[9 + k]);
      }
      float[] stats = new float[f.length - KEYPOINT_COLUMNS];
      for (int k = 0; k < stats.length; k++) {
        stats[k] = Float.parseFloat(f[KEYPOINT_COLUMNS + k]);
      }
      out.add(new Candidate(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
          Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
          Double.parseDouble(f[7]), Double.parseDouble(f[8]), kp, stats));
    }
    return out;
  }

  /** One candidate pose as dumped; {@code heatmapStats} is empty in files from before them. */
  public record Candidate(String boxes, long imageId, int width, int height, double x, double y,
      double w, double h, double boxScore, float[] keypoints, float[] heatmapStats) {

    /** A candidate without heatmap statistics. */
    public Candidate(String boxes, long imageId, int width, int height, double x, double y,
        double w, double h, double boxScore, float[] keypoints) {
      this(boxes, imageId, width, height, x, y, w, h, boxScore, keypoints, new float[0]);
    }
  }
}
