package posespark.job.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Collection;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which listed files a nightly run annotates: the listing ({@link FileFingerprints#SCHEMA})
 * anti-joined by URI against the newest committed images rows of the dataset. A file is
 * <em>new</em> when no committed row has its URI, <em>known</em> when the row's fingerprint
 * matches (size and modification time; the SHA-256 when both sides have one), and
 * <em>changed</em> otherwise, or when its row came from a run whose models differ from this run's
 * (with {@code --reprocess-if-models-changed}). Rows written without a fingerprint (by a plain
 * annotate run) count as known: there is nothing to compare.
 *
 * @param todo    the new and changed files (listing schema), one row per URI
 * @param created files with no committed row
 * @param known   files already annotated as they are
 * @param changed files annotated before in another version (or by other models)
 */
record NightlyPlan(Dataset<Row> todo, long created, long known, long changed) {

  static NightlyPlan of(Dataset<Row> listing, Dataset<Row> committedImages,
      Collection<String> staleRuns) {
    Dataset<Row> c = committedImages.select(col("uri").as("c_uri"), col("file_size").as("c_size"),
        col("file_mtime").as("c_mtime"), col("content_sha256").as("c_hash"),
        col("run_id").as("c_run"));
    Dataset<Row> l = listing.dropDuplicates("uri");
    Column stale = staleRuns.isEmpty() ? lit(false) : col("c_run").isin(staleRuns.toArray());
    Column sameFile = when(col("c_hash").isNotNull().and(col("content_sha256").isNotNull()),
        col("c_hash").equalTo(col("content_sha256")))
        .otherwise(col("c_size").eqNullSafe(col("file_size"))
            .and(col("c_mtime").eqNullSafe(col("file_mtime"))));
    Dataset<Row> classified = l.join(c, l.col("uri").equalTo(c.col("c_uri")), "left")
        .withColumn("state", when(col("c_uri").isNull(), "new")
            .when(stale, "changed")
            .when(col("c_size").isNull().and(col("c_hash").isNull()), "known")
            .when(sameFile, "known")
            .otherwise("changed"))
        .cache();
    long created = 0;
    long known = 0;
    long changed = 0;
    for (Row r : classified.groupBy("state").count().collectAsList()) {
      switch (r.getString(0)) {
        case "new" -> created = r.getLong(1);
        case "known" -> known = r.getLong(1);
        default -> changed = r.getLong(1);
      }
    }
    Dataset<Row> todo = classified.where(col("state").notEqual("known"))
        .select(listing.columns()[0], java.util.Arrays.copyOfRange(listing.columns(), 1,
            listing.columns().length));
    return new NightlyPlan(todo, created, known, changed);
  }

  /** {@code new=N known=M changed=K}: what {@code --plan-only} prints. */
  String line() {
    return String.format(Locale.ROOT, "new=%d known=%d changed=%d", created, known, changed);
  }

  long toAnnotate() {
    return created + changed;
  }
}
