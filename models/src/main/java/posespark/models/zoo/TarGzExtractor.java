package posespark.models.zoo;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts chosen regular files from a .tar.gz (ustar, as npm writes them). Each file is written
 * to a temporary name and renamed, so a reader never sees half a file.
 */
public final class TarGzExtractor {
  private static final int BLOCK = 512;

  private TarGzExtractor() {}

  /**
   * Extracts the entries named in {@code wanted} (paths inside the archive) under {@code into},
   * keeping their paths. Returns the entries that were not found.
   */
  public static Set<String> extract(Path archive, Set<String> wanted, Path into) throws IOException {
    Set<String> missing = new HashSet<>(wanted);
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
      byte[] header = new byte[BLOCK];
      while (!missing.isEmpty()) {
        if (!readFully(in, header)) {
          break;
        }
        if (isZeroBlock(header)) {
          break;
        }
        String name = cString(header, 0, 100);
        String prefix = cString(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        long size = parseOctal(header, 124, 12, archive);
        char type = (char) header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        boolean regular = type == '0' || type == '\0';
        if (regular && missing.contains(name)) {
          Path target = into.resolve(name).normalize();
          if (!target.startsWith(into)) {
            throw new IOException(archive + ": entry '" + name + "' escapes the target folder");
          }
          write(in, size, target);
          skip(in, padded - size);
          missing.remove(name);
        } else {
          skip(in, padded);
        }
      }
    } catch (EOFException e) {
      throw new IOException(archive + ": truncated archive", e);
    }
    return missing;
  }

  private static void write(InputStream in, long size, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            throw new EOFException();
          }
          out.write(buffer, 0, n);
          left -= n;
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean readFully(InputStream in, byte[] block) throws IOException {
    int off = 0;
    while (off < block.length) {
      int n = in.read(block, off, block.length - off);
      if (n < 0) {
        if (off == 0) {
          return false;
        }
        throw new EOFException();
      }
      off += n;
    }
    return true;
  }

  private static void skip(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException();
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static boolean isZeroBlock(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long parseOctal(byte[] b, int off, int len, Path archive) throws IOException {
    String s = cString(b, off, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IOException(archive + ": corrupt tar header (size '" + s + "')", e);
    }
  }
}
