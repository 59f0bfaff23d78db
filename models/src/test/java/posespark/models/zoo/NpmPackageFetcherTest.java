package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.tfjs.ModelImportException;

class NpmPackageFetcherTest {
  @TempDir
  Path dir;

  @Test
  void aTarballWithTheWrongChecksumIsRefusedAndNotCached() throws Exception {
    Path download = Files.writeString(dir.resolve("download.tgz"), "not the package");
    Path cache = dir.resolve("npm");
    NpmPackageFetcher fetcher = new NpmPackageFetcher("pkg@1.0.0", "pkg-1.0.0.tgz",
        "0".repeat(64), download);
    assertThatThrownBy(() -> fetcher.fetch(cache)).isInstanceOf(ModelImportException.class)
        .hasMessageContaining("checksum mismatch").hasMessageContaining("pkg-1.0.0.tgz")
        .hasMessageContaining("0".repeat(64));
    try (var files = Files.list(cache)) {
      assertThat(files.toList()).as("nothing left in the cache").isEmpty();
    }
  }

  @Test
  void aCachedTarballWithTheRightChecksumIsUsedWithoutFetching() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("npm"));
    Path cached = Files.writeString(cache.resolve("pkg-1.0.0.tgz"), "the package");
    String sha = Sha256.of(cached);
    NpmPackageFetcher fetcher = new NpmPackageFetcher("pkg@1.0.0", "pkg-1.0.0.tgz", sha,
        dir.resolve("no-such-download.tgz"));
    assertThat(fetcher.fetch(cache)).isEqualTo(cached);
  }

  @Test
  void aCorruptCachedTarballIsReplacedByAVerifiedOne() throws Exception {
    Path download = Files.writeString(dir.resolve("download.tgz"), "the package");
    Path cache = Files.createDirectories(dir.resolve("npm"));
    Files.writeString(cache.resolve("pkg-1.0.0.tgz"), "the pack");
    NpmPackageFetcher fetcher = new NpmPackageFetcher("pkg@1.0.0", "pkg-1.0.0.tgz",
        Sha256.of(download), download);
    assertThat(Files.readString(fetcher.fetch(cache))).isEqualTo("the package");
  }
}
