package posespark.job.annotate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code --preset} table ({@code presets.conf}, packaged from {@code conf/}): named sets of
 * settings on the accuracy/speed curve, each a block merged under {@code posespark}. A preset sits
 * over the defaults and under a {@code --conf} file and explicit flags.
 */
final class Presets {

  static final String RESOURCE = "presets.conf";

  private Presets() {}

  private static Config table() {
    Config all = ConfigFactory.parseResources(Presets.class.getClassLoader(), RESOURCE);
    if (!all.hasPath("presets")) {
      throw new IllegalArgumentException(RESOURCE + " is missing from the classpath (rebuild posespark)");
    }
    return all.getConfig("presets");
  }

  /** The preset names, sorted. */
  static List<String> names() {
    return List.copyOf(new TreeSet<>(table().root().keySet()));
  }

  /**
   * The preset's settings as a config rooted at {@code posespark}, to sit under the user's; an
   * unknown name is an {@link IllegalArgumentException} naming the known ones.
   */
  static Config get(String name) {
    Config table = table();
    String key = name.strip();
    if (key.isEmpty() || key.contains(".") || key.contains("\"") || !table.root().containsKey(key)) {
      throw new IllegalArgumentException("--preset must be one of " + String.join(", ", names())
          + ", not '" + name + "'");
    }
    return table.getConfig(key).atPath("posespark");
  }
}
