package posespark.job.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/** The run report's bar charts, drawn with XChart and encoded as PNG. */
public final class ReportCharts {

  /** Bar colour of every chart. */
  public static final Color BAR = new Color(52, 101, 164);

  private ReportCharts() {}

  /** One bar per category; {@code rotateLabels} for long category names. */
  public static byte[] bars(String title, String xTitle, String yTitle, List<String> categories,
      List<? extends Number> values, boolean rotateLabels) {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart = new CategoryChartBuilder().width(640).height(rotateLabels ? 380 : 320).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler s = chart.getStyler();
    s.setLegendVisible(false);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setAntiAlias(true);
    chart.getStyler().setXAxisLabelRotation(rotateLabels ? 60 : 0);
    chart.getStyler().setYAxisMin(0.0);
    CategorySeries series = chart.addSeries(yTitle, categories, values);
    series.setFillColor(BAR);
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
  }
}
