package posespark.models.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The accuracy/speed plot of the {@code --preset}s: one point per preset (images/s, AP) from the
 * TSV {@code submit/bench presets} writes ({@code preset, images_per_s, ap} with a header line),
 * the Pareto front (points no other preset beats on both axes) joined by a line. Usage:
 * {@code PresetCurvePlot TSV PNG}.
 */
public final class PresetCurvePlot {

  /** One preset's measurement. */
  public record Point(String preset, double imagesPerSecond, double ap) {}

  private PresetCurvePlot() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: PresetCurvePlot TSV PNG");
      System.exit(2);
    }
    List<Point> points = read(Path.of(args[0]));
    Files.write(Path.of(args[1]), png(points));
  }

  static List<Point> read(Path tsv) throws IOException {
    List<Point> points = new ArrayList<>();
    for (String line : Files.readAllLines(tsv)) {
      String[] f = line.split("\t");
      if (f.length < 3 || f[0].equals("preset")) {
        continue;
      }
      points.add(new Point(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2])));
    }
    if (points.isEmpty()) {
      throw new IllegalArgumentException(tsv + ": no preset rows");
    }
    return points;
  }

  /** The points no other point beats on both speed and AP, fastest first. */
  public static List<Point> paretoFront(List<Point> points) {
    List<Point> front = new ArrayList<>();
    for (Point p : points) {
      boolean dominated = points.stream().anyMatch(q -> q != p && q.imagesPerSecond() >= p.imagesPerSecond()
          && q.ap() >= p.ap() && (q.imagesPerSecond() > p.imagesPerSecond() || q.ap() > p.ap()));
      if (!dominated) {
        front.add(p);
      }
    }
    front.sort(Comparator.comparingDouble(Point::imagesPerSecond).reversed());
    return front;
  }

  static byte[] png(List<Point> points) throws IOException {
    XYChart chart = new XYChartBuilder().width(640).height(420)
        .title("presets: keypoint AP vs annotate images/s").xAxisTitle("images/s (annotate stage)")
        .yAxisTitle("AP (coco-train-dev, odd ids, GT boxes)").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<Point> front = paretoFront(points);
    XYSeries line = chart.addSeries("Pareto front", front.stream().mapToDouble(Point::imagesPerSecond).toArray(),
        front.stream().mapToDouble(Point::ap).toArray());
    line.setMarker(SeriesMarkers.NONE);
    for (Point p : points) {
      XYSeries s = chart.addSeries(String.format(Locale.ROOT, "%s (%.1f AP, %.2f img/s)", p.preset(),
          p.ap(), p.imagesPerSecond()), new double[] {p.imagesPerSecond()}, new double[] {p.ap()});
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }
}
