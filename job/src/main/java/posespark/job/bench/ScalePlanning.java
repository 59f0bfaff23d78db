package posespark.job.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import posespark.job.source.ImageSources;

/**
 * The annotate job's driver-side steps at scale, without models: a manifest of N image URIs
 * (generated: links to the given photos, 1,000 per folder) goes through listing
 * ({@link ImageSources}), planning (count and partition count, as the annotate job computes them)
 * and partitioning (the repartition the inference stage reads, materialised), each step timed.
 * Prints one line per step and the driver's peak heap. Used by {@code submit/bench scale}.
 *
 * <p>Arguments: {@code WORK_DIR PHOTOS_DIR N [IMAGES_PER_PARTITION]}.
 */
public final class ScalePlanning {

  private ScalePlanning() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ScalePlanning WORK_DIR PHOTOS_DIR N [IMAGES_PER_PARTITION]");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    Path photos = Path.of(args[1]);
    int n = Integer.parseInt(args[2]);
    int perPartition = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    long t0 = System.nanoTime();
    Path manifest = generate(work, photos, n);
    step("generate", t0, n + " URIs, links to " + photos);

    SparkSession spark = SparkSession.builder().appName("posespark scale planning").getOrCreate();
    try {
      long t = System.nanoTime();
      Dataset<Row> inputs = ImageSources.open(spark, manifest.toString(), null);
      step("listing", t, "manifest opened");
      t = System.nanoTime();
      long total = inputs.count();
      int parallelism = spark.sparkContext().defaultParallelism();
      int partitions = (int) Math.max(Math.min(total, parallelism),
          (total + perPartition - 1) / perPartition);
      step("planning", t, String.format(Locale.ROOT, "%d images, %d partitions of <= %d",
          total, partitions, perPartition));
      // Nightly mode adds its anti-join against the images table here, before the repartition.
      t = System.nanoTime();
      List<Long> sizes = inputs.repartition(partitions)
          .mapPartitions((MapPartitionsFunction<Row, Long>) ScalePlanning::countRows, Encoders.LONG())
          .collectAsList();
      long largest = sizes.stream().mapToLong(Long::longValue).max().orElse(0);
      long sum = sizes.stream().mapToLong(Long::longValue).sum();
      step("partitioning", t, String.format(Locale.ROOT,
          "%d partitions, %d rows, largest %d rows", sizes.size(), sum, largest));
      if (sum != total) {
        throw new IllegalStateException("partitioning lost rows: " + sum + " of " + total);
      }
    } finally {
      spark.stop();
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "driver heap: max %d MiB, used now %d MiB%n",
        rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  private static Iterator<Long> countRows(Iterator<Row> rows) {
    long c = 0;
    while (rows.hasNext()) {
      rows.next();
      c++;
    }
    return List.of(c).iterator();
  }

  /** N links (1,000 per folder) cycling over the photos, and a text manifest of their paths. */
  static Path generate(Path work, Path photos, int n) throws IOException {
    List<Path> sources = new ArrayList<>();
    try (var files = Files.list(photos)) {
      files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(sources::add);
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no photos in " + photos);
    }
    Path manifest = work.resolve("manifest-" + n + ".txt");
    if (Files.exists(manifest)) {
      return manifest; // links from an earlier run
    }
    Path links = work.resolve("links");
    Path partial = work.resolve("manifest.partial");
    try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        Path dir = links.resolve(String.format(Locale.ROOT, "d%04d", i / 1000));
        if (i % 1000 == 0) {
          Files.createDirectories(dir);
        }
        Path source = sources.get(i % sources.size());
        String name = String.format(Locale.ROOT, "%07d-%s", i, source.getFileName());
        Path link = dir.resolve(name);
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, source.toAbsolutePath());
        }
        out.write(link.toString());
        out.newLine();
      }
    }
    Files.move(partial, manifest);
    return manifest;
  }

  private static void step(String name, long startNanos, String detail) {
    System.out.printf(Locale.ROOT, "%-13s %8.1f s  %s%n", name, (System.nanoTime() - startNanos) / 1e9,
        detail);
  }
}
