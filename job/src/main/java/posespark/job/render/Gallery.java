package posespark.job.render;

import java.util.List;
import java.util.Locale;

/** The {@code index.html} contact sheet of a render: every picture with its image and persons. */
public final class Gallery {

  private Gallery() {}

  /** The page for the pictures written (failed ones listed at the end with their reason). */
  public static String html(String title, List<RenderedPicture> pictures) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em}"
            + ".sheet{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;width:320px}"
            + "figure img{width:320px;height:auto;border:1px solid #ccc}figcaption{font-size:.85em;"
            + "word-break:break-all}</style></head><body>\n<h1>").append(Html.esc(title)).append("</h1>\n");
    h.append("<div class=\"sheet\">\n");
    for (RenderedPicture p : pictures) {
      if (!p.ok()) {
        continue;
      }
      h.append("<figure><a href=\"").append(Html.esc(p.fileName())).append("\"><img src=\"")
          .append(Html.esc(p.fileName())).append("\" alt=\"").append(Html.esc(p.fileName()))
          .append("\" loading=\"lazy\"></a><figcaption>").append(Html.esc(p.uri())).append("<br>")
          .append(p.persons()).append(p.persons() == 1 ? " person" : " persons");
      if (!Double.isNaN(p.bestScore())) {
        h.append(String.format(Locale.ROOT, ", best score %.3f", p.bestScore()));
      }
      h.append("</figcaption></figure>\n");
    }
    h.append("</div>\n");
    List<RenderedPicture> failed = pictures.stream().filter(p -> !p.ok()).toList();
    if (!failed.isEmpty()) {
      h.append("<h2>Not drawn</h2>\n<ul>\n");
      for (RenderedPicture p : failed) {
        h.append("<li>").append(Html.esc(p.uri())).append(": ").append(Html.esc(p.error())).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    return h.append("</body></html>\n").toString();
  }
}
