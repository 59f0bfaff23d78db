package posespark.job.render;

import java.io.Serializable;

/**
 * What became of one picture: the file written (null on error), the image it shows, how many
 * persons are drawn, their best score (NaN without persons), the reason it failed (null when ok) and
 * the encoded picture itself when it was kept in memory instead of written (null otherwise).
 */
public record RenderedPicture(String fileName, String uri, int persons, double bestScore, String error,
    byte[] picture)
    implements Serializable {

  public boolean ok() {
    return error == null;
  }
}
