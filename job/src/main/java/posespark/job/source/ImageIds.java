package posespark.job.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable image ids for inputs that do not carry one. A COCO-style file name (digits only before
 * the extension, e.g. {@code 000000391895.jpg}) gives its number, so results line up with COCO
 * ground truth; any other file gets the first 63 bits of the SHA-256 of its URI. COCO JSON inputs
 * use the JSON's ids instead.
 */
public final class ImageIds {

  private ImageIds() {}

  /** The id for an input file at {@code uri}. */
  public static long fromUri(String uri) {
    String name = uri.substring(uri.lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    if (!stem.isEmpty() && stem.length() <= 18 && stem.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(stem);
    }
    return hash(uri);
  }

  /** First 8 bytes of SHA-256(uri), big-endian, sign bit cleared. */
  public static long hash(String uri) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      long id = 0;
      for (int i = 0; i < 8; i++) {
        id = (id << 8) | (digest[i] & 0xff);
      }
      return id & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
