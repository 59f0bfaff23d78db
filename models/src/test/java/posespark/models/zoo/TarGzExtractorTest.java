package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction of chosen files from archives written by GNU tar (as npm's are: ustar, gzip). */
class TarGzExtractorTest {

  @TempDir
  Path dir;

  /** A package/ tree packed by the system's tar, with a path too long for a plain ustar name field. */
  private Path gnuTarArchive() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/package/models/" + "deep/".repeat(24) + "end"));
    Files.writeString(src.resolve("model.json"), "{\"format\":\"graph-model\"}");
    Files.writeString(dir.resolve("src/package/README.md"), "# models\n");
    byte[] weights = new byte[300_000];
    Arrays.fill(weights, (byte) 7);
    weights[123_456] = 42;
    Files.write(dir.resolve("src/package/models/weights.bin"), weights);
    Path archive = dir.resolve("pkg.tgz");
    Process tar = new ProcessBuilder("tar", "--format=ustar", "-czf", archive.toString(), "-C",
        dir.resolve("src").toString(), "package").redirectErrorStream(true).start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    return archive;
  }

  @Test
  void extractsOnlyTheWantedFilesByteForByte() throws Exception {
    Path archive = gnuTarArchive();
    String longName = "package/models/" + "deep/".repeat(24) + "end/model.json";
    Path out = dir.resolve("out");
    Set<String> missing = TarGzExtractor.extract(archive, Set.of(longName, "package/models/weights.bin"), out);
    assertThat(missing).isEmpty();
    assertThat(Files.readString(out.resolve(longName))).isEqualTo("{\"format\":\"graph-model\"}");
    assertThat(Files.readAllBytes(out.resolve("package/models/weights.bin")))
        .isEqualTo(Files.readAllBytes(dir.resolve("src/package/models/weights.bin")));
    assertThat(out.resolve("package/README.md")).as("not asked for").doesNotExist();
    try (var files = Files.walk(out)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".part"))).as("no temporary files").isEmpty();
    }
  }

  @Test
  void reportsFilesTheArchiveLacks() throws Exception {
    Set<String> missing = TarGzExtractor.extract(gnuTarArchive(), Set.of("package/README.md", "package/nope.bin"),
        dir.resolve("out"));
    assertThat(missing).containsExactly("package/nope.bin");
    assertThat(dir.resolve("out/package/README.md")).hasContent("# models");
  }

  @Test
  void truncatedArchiveFailsNamingTheArchive() throws Exception {
    Path archive = gnuTarArchive();
    byte[] all = Files.readAllBytes(archive);
    Path cut = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> TarGzExtractor.extract(cut, Set.of("package/models/weights.bin",
        "package/README.md"), dir.resolve("out")))
        .isInstanceOf(IOException.class).hasMessageStartingWith(cut.toString());
    assertThat(dir.resolve("out/package/models/weights.bin")).doesNotExist();
  }

  @Test
  void entryEscapingTheTargetFolderIsRefused() throws Exception {
    Path archive = dir.resolve("evil.tgz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      byte[] data = "x".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("package/../../evil.txt");
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    Path out = Files.createDirectories(dir.resolve("nested/out"));
    assertThatThrownBy(() -> TarGzExtractor.extract(archive, Set.of("package/../../evil.txt"), out))
        .isInstanceOf(IOException.class).hasMessageContaining("escapes the target folder");
    assertThat(dir.resolve("evil.txt")).doesNotExist();
  }
}
