package posespark.job.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) for checking pages as a browser shows them: a
 * screenshot, and the DOM after the page's scripts ran. Each call uses a fresh profile folder and
 * keeps Chromium off the network (no updates, sync or background requests).
 */
final class Chromium {

  private final String binary;
  private final Path work;

  private Chromium(String binary, Path work) {
    this.binary = binary;
    this.work = work;
  }

  /** Chromium from $CHROMIUM or the PATH; fails (not skips) when it is missing. */
  static Chromium find(Path work) {
    String env = System.getenv("CHROMIUM");
    if (env != null && !env.isBlank()) {
      return new Chromium(env, work);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return new Chromium(Path.of(dir, name).toString(), work);
        }
      }
    }
    throw new IllegalStateException("no chromium on the PATH (apt-get install chromium, or set CHROMIUM)");
  }

  /** A PNG screenshot of {@code page} in a window of the given size. */
  Path screenshot(Path page, int width, int height) throws IOException, InterruptedException {
    Path png = Files.createTempFile(work, "shot-", ".png");
    run(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png,
        page.toUri().toString()));
    return png;
  }

  /** The serialized DOM once the page loaded and its scripts ran (virtual time budget 10 s). */
  String dumpDom(Path page) throws IOException, InterruptedException {
    return run(List.of("--virtual-time-budget=10000", "--dump-dom", page.toUri().toString()));
  }

  private String run(List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "profile-");
    List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile));
    cmd.addAll(args);
    Path stdout = Files.createTempFile(work, "out-", ".txt");
    Path stderr = Files.createTempFile(work, "err-", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("chromium did not finish in 120 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      throw new IOException("chromium exited with " + p.exitValue() + ": " + Files.readString(stderr));
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
