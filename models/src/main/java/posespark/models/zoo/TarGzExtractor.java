package posespark.models.zoo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Extracts chosen regular files from a .tar.gz (as npm packs them) with Apache Commons Compress.
 * Each file is written to a temporary name and renamed, so a reader never sees half a file.
 */
public final class TarGzExtractor {

  private TarGzExtractor() {}

  /**
   * Extracts the entries named in {@code wanted} (paths inside the archive) under {@code into},
   * keeping their paths. Returns the entries that were not found.
   */
  public static Set<String> extract(Path archive, Set<String> wanted, Path into) throws IOException {
    Set<String> missing = new HashSet<>(wanted);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
        new BufferedInputStream(Files.newInputStream(archive), 1 << 16)))) {
      TarArchiveEntry entry;
      while (!missing.isEmpty() && (entry = tar.getNextTarEntry()) != null) {
        String name = entry.getName();
        if (!entry.isFile() || !missing.contains(name)) {
          continue;
        }
        Path target = into.resolve(name).normalize();
        if (!target.startsWith(into.normalize())) {
          throw new IOException(archive + ": entry '" + name + "' escapes the target folder");
        }
        write(tar, entry.getSize(), target, archive);
        missing.remove(name);
      }
    } catch (IOException e) {
      // Commons Compress says "Truncated TAR archive", "Input is not in the .gz format", ...
      // without naming the file; keep the archive in the message.
      if (e.getMessage() != null && e.getMessage().startsWith(archive.toString())) {
        throw e;
      }
      throw new IOException(archive + ": " + e.getMessage(), e);
    }
    return missing;
  }

  private static void write(InputStream entryData, long size, Path target, Path archive) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
    try {
      long copied = Files.copy(entryData, tmp, StandardCopyOption.REPLACE_EXISTING);
      if (copied != size) {
        throw new IOException(archive + ": truncated archive (" + target.getFileName() + ": " + copied
            + " of " + size + " bytes)");
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
