package posespark.eval.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.KeypointTally;

/**
 * A self-contained HTML report: the stats and pycocotools' summary lines, the per-keypoint
 * breakdown, and the PR curves as PNGs embedded in base64 (no external files).
 */
public final class HtmlReport {

  private HtmlReport() {}

  public static void write(Path file, CocoEvalResult r, List<String> keypointNames, Map<String, Object> facts) {
    try {
      Files.writeString(file, render(r, keypointNames, facts), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static String render(CocoEvalResult r, List<String> keypointNames, Map<String, Object> facts) {
    EvalParams p = r.params();
    StringBuilder h = new StringBuilder(64_000);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>posespark evaluation</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f3f3f3}"
            + "td.l,th.l{text-align:left}pre{background:#f8f8f8;padding:1em}</style></head><body>\n");
    h.append("<h1>COCO ").append(p.iouType().cocoName()).append(" evaluation</h1>\n");
    h.append("<table>");
    for (Map.Entry<String, Object> e : facts.entrySet()) {
      h.append("<tr><th class=\"l\">").append(esc(e.getKey())).append("</th><td class=\"l\">")
          .append(esc(String.valueOf(e.getValue()))).append("</td></tr>");
    }
    h.append("</table>\n<h2>Summary (pycocotools' lines)</h2>\n<pre>");
    for (String line : r.summaryLines()) {
      h.append(esc(line)).append('\n');
    }
    h.append("</pre>\n<h2>Stats</h2>\n<table><tr><th class=\"l\">name</th><th>value</th></tr>");
    double[] stats = r.stats();
    List<String> names = StatNames.of(p.iouType());
    for (int i = 0; i < stats.length; i++) {
      h.append("<tr><td class=\"l\">").append(names.get(i)).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", stats[i])).append("</td></tr>");
    }
    h.append("</table>\n");
    KeypointTally tally = r.keypointTally();
    if (tally != null) {
      h.append("<h2>Per keypoint</h2>\n<p>Detections matched to a counted person at OKS 0.50 (area all); for each "
          + "keypoint labelled in that person: mean keypoint similarity (its contribution to OKS) and the share with "
          + "similarity &ge; 0.50 / 0.75.</p>\n<table><tr><th class=\"l\">keypoint</th><th>labelled</th>"
          + "<th>mean similarity</th><th>PCK@0.50</th><th>PCK@0.75</th></tr>");
      for (int k = 0; k < tally.keypointCount(); k++) {
        h.append("<tr><td class=\"l\">").append(esc(k < keypointNames.size() ? keypointNames.get(k) : "k" + k))
            .append("</td><td>").append(tally.labelled(k)).append("</td><td>").append(num(tally.meanSimilarity(k)))
            .append("</td><td>").append(num(tally.pck50(k))).append("</td><td>").append(num(tally.pck75(k)))
            .append("</td></tr>");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Precision-recall curves</h2>\n");
    for (int a = 0; a < p.numAreas(); a++) {
      byte[] png = PrCurvePlot.png(r, a);
      if (png != null) {
        h.append("<p><img alt=\"PR curves, area ").append(esc(p.areaRngLbl().get(a)))
            .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
            .append("\"></p>\n");
      }
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
