package posespark.models.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A string → float array map kept in one JSON file, so that experiments re-run only what changed
 * (detector boxes per image, keypoints per box). Written whole through a temp file and a rename.
 */
final class JsonCache {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, float[]> values;

  JsonCache(Path file) {
    this.file = file;
    try {
      values = Files.isRegularFile(file)
          ? JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, float[]>>() {})
          : new LinkedHashMap<>();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  synchronized float[] get(String key) {
    return values.get(key);
  }

  synchronized boolean has(String key) {
    return values.containsKey(key);
  }

  synchronized void put(String key, float[] value) {
    values.put(key, value);
  }

  synchronized int size() {
    return values.size();
  }

  synchronized void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), values);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
