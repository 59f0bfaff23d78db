package posespark.models.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The candidate file written by {@link CandidateDumpMain}: one TSV line per candidate pose with its
 * box source, image id and size, box {@code x y w h score} and 17 × {@code x y score}.
 */
public final class CandidateTable {

  /** Column names of the first line. */
  public static final String HEADER;

  static {
    StringBuilder h = new StringBuilder("boxes\timage_id\twidth\theight\tbox_x\tbox_y\tbox_w\tbox_h\tbox_score");
    for (int k = 0; k < 17; k++) {
      h.append("\tkp").append(k).append("_x\tkp").append(k).append("_y\tkp").append(k).append("_score");
    }
    HEADER = h.toString();
  }

  private CandidateTable() {}

  /** Reads every candidate of a file. */
  public static List<Candidate> read(Path file) throws IOException {
    List<Candidate> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      if (f.length != 9 + 51) {
        throw new IOException(file + ":" + (i + 1) + ": expected 60 columns, found " + f.length);
      }
      float[] kp = new float[51];
      for (int k = 0; k < 51; k++) {
        kp[k] = Float.parseFloat(f[9 + k]);
      }
      out.add(new Candidate(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
          Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
          Double.parseDouble(f[7]), Double.parseDouble(f[8]), kp));
    }
    return out;
  }

  /** One candidate pose as dumped. */
  public record Candidate(String boxes, long imageId, int width, int height, double x, double y,
      double w, double h, double boxScore, float[] keypoints) {}
}
