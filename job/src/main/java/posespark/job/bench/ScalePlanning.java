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
import posespark.job.nightly.NightlyPlanning;
import posespark.job.source.ImageSources;

/**
 * The annotate job's driver-side steps at scale, without models: a manifest of N image URIs
 * (generated: links to the given photos, 1,000 per folder) goes through listing
 * ({@link ImageSources}), planning (count and partition count, as the annotate job computes them)
 * and partitioning (the repartition the inference stage reads, materialised), each step timed.
 * Then the nightly mode's incremental plan of the same manifest (the steps
 * {@code submit/nightly --plan-only} runs: listing with fingerprints, the committed images rows,
 * the anti-join) against a generated committed {@code images} table of N - N/100 rows
 * ({@link ScaleTables}: N/200 of them with a stale modification time), failing unless the plan
 * counts are the generated ones. Prints one line per step and the driver's heap. Used by
 * {@code submit/bench scale}.
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
    Path work = Path.of(args[0]).toAbsolutePath();
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
      nightlyPlan(spark, work, manifest, sources(photos), n);
    } finally {
      spark.stop();
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "driver heap: max %d MiB, used now %d MiB%n",
        rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  /** The nightly plan's steps, each timed alone, then the whole plan as --plan-only runs it. */
  private static void nightlyPlan(SparkSession spark, Path work, Path manifest, List<Path> photos,
      int n) throws IOException {
    Path tables = work.resolve("tables-" + n);
    deleteRecursively(tables); // a fresh table each run: the photos' times may have changed
    long t = System.nanoTime();
    ScaleTables.Expected expected = ScaleTables.write(spark, manifest.toString(),
        photos.stream().map(p -> p.toAbsolutePath().toString()).toList(), n, n / 100, n / 200,
        tables.toString());
    step("table", t, String.format(Locale.ROOT, "%d committed images rows and a runs row in %s",
        expected.known() + expected.changed(), tables));
    t = System.nanoTime();
    Dataset<Row> committed = NightlyPlanning.committedParquet(spark, tables.toString(),
        ScaleTables.DATASET);
    long rows = committed.count();
    step("committed", t, rows + " newest committed rows (read + latest per uri)");
    t = System.nanoTime();
    Dataset<Row> listing = NightlyPlanning.listing(spark, manifest.toString(), null, false);
    long stated = listing.where(org.apache.spark.sql.functions.col("file_size").isNotNull()).count();
    step("fingerprints", t, stated + " files looked up (listing + one status call each)");
    t = System.nanoTime();
    NightlyPlanning.Counts counts = NightlyPlanning.plan(listing, committed);
    step("nightly plan", t, counts.line() + " (listing + fingerprints + read + anti-join)");
    if (stated != n || counts.created() != expected.created() || counts.known() != expected.known()
        || counts.changed() != expected.changed()) {
      throw new IllegalStateException("nightly plan counts " + counts.line() + " (" + stated
          + " files looked up), generated " + expected.line() + " of " + n);
    }
    System.out.println("nightly plan matches the generated table: " + expected.line());
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
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
  public static Path generate(Path work, Path photos, int n) throws IOException {
    List<Path> sources = sources(photos);
    Path manifest = work.resolve("manifest-" + n + ".txt");
    if (Files.exists(manifest)) {
      return manifest; // links from an earlier run
    }
    Files.createDirectories(work);
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

  /** The photos the links point to, in the order {@link #generate} cycles over them. */
  public static List<Path> sources(Path photos) throws IOException {
    List<Path> sources = new ArrayList<>();
    try (var files = Files.list(photos)) {
      files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(sources::add);
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no photos in " + photos);
    }
    return sources;
  }

  private static void step(String name, long startNanos, String detail) {
    System.out.printf(Locale.ROOT, "%-13s %8.1f s  %s%n", name, (System.nanoTime() - startNanos) / 1e9,
        detail);
  }
}
