package posespark.models.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real photos of people for tests, taken from Debian packages (no network beyond the distribution's
 * package mirror): {@code apt-get download} the package, {@code dpkg -x} it into a temporary
 * folder, and keep the one file in {@code <cache>/samples/} ({@code POSESPARK_CACHE}, default
 * {@code ~/.cache/posespark}). Cached files are reused; concurrent fetches are safe (atomic move).
 */
public final class SamplePhotos {

  /** A photo: its file name in the cache, the Debian package and the path inside it. */
  public record Sample(String fileName, String debianPackage, String pathInPackage) {}

  /** scikit-image's astronaut (Eileen Collins), 512×512 RGB PNG. */
  public static final Sample ASTRONAUT = new Sample("astronaut.png", "python3-skimage",
      "usr/lib/python3/dist-packages/skimage/data/astronaut.png");
  /** OpenCV's messi5.jpg, a football match. */
  public static final Sample MESSI = new Sample("messi5.jpg", "opencv-doc",
      "usr/share/doc/opencv-doc/examples/data/messi5.jpg");
  /** OpenCV's basketball1.png, two players. */
  public static final Sample BASKETBALL1 = new Sample("basketball1.png", "opencv-doc",
      "usr/share/doc/opencv-doc/examples/data/basketball1.png");
  /** OpenCV's basketball2.png. */
  public static final Sample BASKETBALL2 = new Sample("basketball2.png", "opencv-doc",
      "usr/share/doc/opencv-doc/examples/data/basketball2.png");

  private static final Map<String, Sample> BY_NAME = Map.of(
      ASTRONAUT.fileName(), ASTRONAUT, MESSI.fileName(), MESSI,
      BASKETBALL1.fileName(), BASKETBALL1, BASKETBALL2.fileName(), BASKETBALL2);

  private SamplePhotos() {}

  /** The cache folder for samples. */
  public static Path cacheDir() {
    String env = System.getenv("POSESPARK_CACHE");
    Path root = env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "posespark");
    return root.resolve("samples");
  }

  /** The sample with this file name (e.g. {@code astronaut.png}), fetched on first use. */
  public static Path get(String fileName) throws IOException {
    Sample s = BY_NAME.get(fileName);
    if (s == null) {
      throw new IllegalArgumentException("unknown sample photo '" + fileName + "'; known: " + BY_NAME.keySet());
    }
    return get(s);
  }

  /** The sample's local file, fetched on first use. */
  public static Path get(Sample sample) throws IOException {
    Path target = cacheDir().resolve(sample.fileName());
    if (Files.isRegularFile(target)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path work = Files.createTempDirectory(target.getParent(), ".fetch-");
    try {
      run(work, "apt-get", "download", sample.debianPackage());
      Path deb;
      try (Stream<Path> files = Files.list(work)) {
        deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
            .orElseThrow(() -> new IOException("apt-get download " + sample.debianPackage()
                + " produced no .deb in " + work));
      }
      Path extracted = work.resolve("x");
      run(work, "dpkg", "-x", deb.toString(), extracted.toString());
      Path file = extracted.resolve(sample.pathInPackage());
      if (!Files.isRegularFile(file)) {
        throw new IOException(sample.debianPackage() + " has no " + sample.pathInPackage());
      }
      Path partial = work.resolve(sample.fileName());
      Files.copy(file, partial);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } finally {
      deleteTree(work);
    }
  }

  private static void run(Path dir, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed (is apt available and its package "
            + "lists current? try apt-get update): " + output.strip());
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", command) + " interrupted", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
