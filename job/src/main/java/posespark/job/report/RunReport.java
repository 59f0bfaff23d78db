package posespark.job.report;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import posespark.job.render.Html;
import posespark.job.render.RenderedPicture;
import posespark.job.render.Renderer;
import posespark.job.render.RunTables;
import posespark.job.render.Selection;
import posespark.models.keypoints.CocoKeypoints;

/**
 * One self-contained HTML page about a run: what the runs table says, counts, errors by message,
 * persons per image, pose-score and per-keypoint visibility histograms, time per step, and the
 * best and worst images drawn with their poses. Charts and pictures are inlined as base64, so the
 * page is one file that opens anywhere.
 */
public final class RunReport {

  /** Longest side of the gallery's pictures. */
  static final int PICTURE_SIDE = 480;

  private final SparkSession spark;
  private final RunTables tables;
  private final double minScore;
  private final int galleryCount;

  /**
   * @param minScore     keypoint score counted as visible (and drawn filled in the gallery)
   * @param galleryCount how many best and how many worst images to show
   */
  public RunReport(SparkSession spark, RunTables tables, double minScore, int galleryCount) {
    this.spark = spark;
    this.tables = tables;
    this.minScore = minScore;
    this.galleryCount = galleryCount;
  }

  /** The page for run {@code runId}. */
  public String html(String runId) {
    RunStats stats = new RunStats(tables, runId);
    StringBuilder h = new StringBuilder(256_000);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>posespark run ")
        .append(Html.esc(runId)).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:72em}"
            + "table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:.25em .6em;"
            + "text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}.pics{display:flex;flex-wrap:wrap;"
            + "gap:10px}figure{margin:0}figcaption{font-size:.85em;max-width:" + PICTURE_SIDE + "px;"
            + "word-break:break-all}</style></head><body>\n");
    h.append("<h1>Run ").append(Html.esc(runId)).append("</h1>\n");
    runFacts(h, stats.run());
    long[] c = stats.counts();
    h.append("<h2>Counts</h2>\n<table><tr><th class=\"l\">images</th><th class=\"l\">ok</th><th class=\"l\">errors"
        + "</th><th class=\"l\">persons</th><th class=\"l\">persons per ok image</th></tr><tr>");
    h.append(td(c[0])).append(td(c[1])).append(td(c[2])).append(td(c[3]))
        .append("<td>").append(c[1] == 0 ? "&ndash;" : String.format(Locale.ROOT, "%.2f", c[3] / (double) c[1]))
        .append("</td></tr></table>\n");
    errors(h, stats.errorsByMessage(20));
    personsPerImage(h, stats.personsPerImage());
    poseScores(h, stats.poseScoreHistogram());
    visibility(h, stats.visibility(minScore));
    timings(h, stats.timePerStep());
    gallery(h, runId, stats.bestAndWorst(galleryCount));
    return h.append("</body></html>\n").toString();
  }

  private static void runFacts(StringBuilder h, Row run) {
    h.append("<table>");
    for (String f : List.of("status", "error", "dataset", "run_date", "input", "boxes", "models", "started_at",
        "ended_at", "wall_seconds", "pipeline_seconds", "config_digest", "spark_app_id")) {
      Object v = run.getAs(f);
      if (v == null) {
        continue;
      }
      String text = v instanceof Timestamp ts ? ts.toInstant().toString()
          : v instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : String.valueOf(v);
      h.append("<tr><th class=\"l\">").append(f).append("</th><td class=\"l\">").append(Html.esc(text))
          .append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void errors(StringBuilder h, Map<String, Long> errors) {
    h.append("<h2>Errors by message</h2>\n");
    if (errors.isEmpty()) {
      h.append("<p>No image failed.</p>\n");
      return;
    }
    h.append("<table><tr><th class=\"l\">error</th><th>images</th></tr>");
    for (Map.Entry<String, Long> e : errors.entrySet()) {
      h.append("<tr><td class=\"l\">").append(Html.esc(e.getKey())).append("</td>").append(td(e.getValue()))
          .append("</tr>");
    }
    h.append("</table>\n");
  }

  private static void personsPerImage(StringBuilder h, long[] bins) {
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < bins.length; i++) {
      labels.add(i == bins.length - 1 ? i + "+" : String.valueOf(i));
      values.add(bins[i]);
    }
    h.append("<h2>Persons per image</h2>\n");
    chart(h, "persons per image", ReportCharts.bars("Persons per image (ok images)", "persons", "images",
        labels, values, false));
  }

  private static void poseScores(StringBuilder h, long[] bins) {
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < bins.length; i++) {
      labels.add(String.format(Locale.ROOT, "%.1f", i / 10.0));
      values.add(bins[i]);
    }
    h.append("<h2>Pose scores</h2>\n");
    chart(h, "pose score histogram", ReportCharts.bars("Pose score (bins of 0.1, lower edge)", "pose_score",
        "persons", labels, values, false));
  }

  private void visibility(StringBuilder h, double[] shares) {
    List<Double> values = new ArrayList<>();
    for (double v : shares) {
      values.add(Double.isNaN(v) ? 0.0 : v);
    }
    h.append("<h2>Keypoint visibility</h2>\n<p>Share of persons whose keypoint scores at least ")
        .append(String.format(Locale.ROOT, "%.2f", minScore)).append(".</p>\n");
    chart(h, "per-keypoint visibility", ReportCharts.bars("Visible keypoints (score >= "
        + String.format(Locale.ROOT, "%.2f", minScore) + ")", "keypoint", "share of persons", CocoKeypoints.NAMES,
        values, true));
  }

  private static void timings(StringBuilder h, Map<String, double[]> steps) {
    h.append("<h2>Time per step</h2>\n");
    if (steps.isEmpty()) {
      h.append("<p>No timings recorded.</p>\n");
      return;
    }
    h.append("<table><tr><th class=\"l\">step</th><th>mean ms per image</th><th>total s (summed over tasks)</th>"
        + "</tr>");
    List<String> names = new ArrayList<>();
    List<Double> means = new ArrayList<>();
    for (Map.Entry<String, double[]> e : steps.entrySet()) {
      h.append("<tr><td class=\"l\">").append(Html.esc(e.getKey())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f", e.getValue()[0])).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", e.getValue()[1])).append("</td></tr>");
      names.add(e.getKey());
      means.add(e.getValue()[0]);
    }
    h.append("</table>\n");
    chart(h, "time per step", ReportCharts.bars("Mean time per image and step", "step", "ms", names, means,
        false));
  }

  private void gallery(StringBuilder h, String runId, List<List<String>> bestAndWorst) {
    List<String> best = bestAndWorst.get(0);
    List<String> worst = new ArrayList<>(bestAndWorst.get(1));
    worst.removeAll(best);
    List<String> all = new ArrayList<>(best);
    all.addAll(worst);
    Map<String, RenderedPicture> byUri = new HashMap<>();
    if (!all.isEmpty()) {
      for (RenderedPicture p : new Renderer(spark, minScore).inMemory(Selection.ofUris(tables, runId, all, false),
          PICTURE_SIDE)) {
        byUri.put(p.uri(), p);
      }
    }
    Map<String, List<String>> sections = new LinkedHashMap<>();
    sections.put("Best images (highest pose score)", best);
    sections.put("Worst images (lowest best pose score)", worst);
    for (Map.Entry<String, List<String>> s : sections.entrySet()) {
      h.append("<h2>").append(s.getKey()).append("</h2>\n<div class=\"pics\">\n");
      if (s.getValue().isEmpty()) {
        h.append("<p>None.</p>\n");
      }
      for (String uri : s.getValue()) {
        RenderedPicture p = byUri.get(uri);
        h.append("<figure>");
        if (p != null && p.ok()) {
          String mime = p.fileName().endsWith(".png") ? "image/png" : "image/jpeg";
          h.append("<img alt=\"").append(Html.esc(p.fileName())).append("\" src=\"data:").append(mime)
              .append(";base64,").append(Base64.getEncoder().encodeToString(p.picture())).append("\">");
        }
        h.append("<figcaption>").append(Html.esc(uri));
        if (p != null) {
          h.append(String.format(Locale.ROOT, "<br>%d persons, best score %.3f", p.persons(), p.bestScore()));
          if (!p.ok()) {
            h.append("<br>not drawn: ").append(Html.esc(p.error()));
          }
        }
        h.append("</figcaption></figure>\n");
      }
      h.append("</div>\n");
    }
  }

  private static void chart(StringBuilder h, String alt, byte[] png) {
    h.append("<p><img alt=\"").append(Html.esc(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
  }

  private static String td(long v) {
    return "<td>" + v + "</td>";
  }
}
