package posespark.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.EvalParams;

/**
 * Precision-recall curves as PNG, drawn with XChart: pycocotools' interpolated precision at its
 * 101 recall levels, one curve per OKS/IoU threshold, averaged over categories that have ground
 * truth, for one area range at the largest maxDets.
 */
public final class PrCurvePlot {

  /** Image size of {@link #png}. */
  public static final int WIDTH = 640;
  public static final int HEIGHT = 480;

  private PrCurvePlot() {}

  /** Mean precision over categories at each recall level, or null where no category has data. */
  public static double[] curve(CocoEvalResult r, int t, int a, int m) {
    EvalParams p = r.params();
    int numK = r.catIds().length;
    double[] out = new double[p.numRecall()];
    boolean any = false;
    for (int q = 0; q < out.length; q++) {
      double sum = 0;
      int n = 0;
      for (int k = 0; k < numK; k++) {
        double v = r.precision(t, q, k, a, m);
        if (v > -1) {
          sum += v;
          n++;
        }
      }
      out[q] = n == 0 ? Double.NaN : sum / n;
      any |= n > 0;
    }
    return any ? out : null;
  }

  /** Colour of threshold {@code t}'s curve out of {@code count}: blue at the loosest to red at the strictest. */
  public static Color seriesColor(int t, int count) {
    return Color.getHSBColor(0.66f * (1 - (float) t / Math.max(1, count - 1)), 0.9f, 0.8f);
  }

  /** The PNG bytes for area range {@code a}, or null when that range has no ground truth. */
  public static byte[] png(CocoEvalResult r, int a) {
    System.setProperty("java.awt.headless", "true");
    EvalParams p = r.params();
    int m = p.numMaxDets() - 1;
    double[] thr = p.iouThrs();
    double[] rec = p.recThrs();
    String title = String.format(Locale.ROOT, "%s, area=%s, maxDets=%d",
        p.iouType().cocoName(), p.areaRngLbl().get(a), p.maxDets()[m]);
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("recall").yAxisTitle("precision").build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05)
        .setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(Color.WHITE)
        .setPlotBackgroundColor(Color.WHITE).setAntiAlias(true);
    chart.getStyler().setXAxisDecimalPattern("0.0");
    chart.getStyler().setYAxisDecimalPattern("0.0");
    chart.getStyler().setXAxisTickMarkSpacingHint(70);
    String metric = "bbox".equals(p.iouType().cocoName()) ? "IoU" : "OKS";
    boolean any = false;
    for (int t = 0; t < thr.length; t++) {
      double[] c = curve(r, t, a, m);
      if (c == null) {
        continue;
      }
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int q = 0; q < rec.length; q++) {
        if (!Double.isNaN(c[q])) {
          xs.add(rec[q]);
          ys.add(c[q]);
        }
      }
      XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s=%.2f", metric, thr[t]), xs, ys);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(seriesColor(t, thr.length));
      s.setLineStyle(new BasicStroke(2f));
      any = true;
    }
    if (!any) {
      return null;
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
  }
}
