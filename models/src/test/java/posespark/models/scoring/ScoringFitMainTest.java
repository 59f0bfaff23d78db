package posespark.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The fit command end to end on a generated COCO set: people with labelled keypoints, detector
 * candidates on them (accurate, scored high) and on nothing (scored low). The written model loads,
 * its threshold separates the two, counts come out right, and the report and diagram are written.
 */
class ScoringFitMainTest {

  @TempDir
  Path tmp;

  @Test
  void fitsChoosesAThresholdAndReports() throws Exception {
    Random r = new Random(11);
    StringBuilder images = new StringBuilder();
    StringBuilder annotations = new StringBuilder();
    List<String> det = new ArrayList<>();
    List<String> gtBoxes = new ArrayList<>();
    int ann = 1;
    for (int id = 1; id <= 60; id++) {
      images.append(id > 1 ? "," : "").append(String.format(Locale.ROOT,
          "{\"id\": %d, \"file_name\": \"%d.jpg\", \"width\": 640, \"height\": 480}", id, id));
      int persons = r.nextInt(4);
      for (int p = 0; p < persons; p++) {
        double x = 20 + 150 * p;
        double y = 40 + r.nextInt(100);
        double[] k = new double[51];
        for (int j = 0; j < 17; j++) {
          k[3 * j] = x + 10 + 20 * (j % 4);
          k[3 * j + 1] = y + 10 + 14 * j;
          k[3 * j + 2] = 2;
        }
        annotations.append(ann > 1 ? "," : "").append(String.format(Locale.ROOT,
            "{\"id\": %d, \"image_id\": %d, \"category_id\": 1, \"iscrowd\": 0, \"area\": 20000, "
                + "\"bbox\": [%.1f, %.1f, 100, 260], \"num_keypoints\": 17, \"keypoints\": %s}",
            ann++, id, x, y, json(k)));
        float score = 0.6f + 0.3f * r.nextFloat();
        det.add(line("detector", id, x, y, 100, 260, 0.5 + 0.4 * r.nextDouble(), k, 2 * r.nextGaussian(), score));
        gtBoxes.add(line("gt", id, x, y, 100, 260, 1.0, k, 2 * r.nextGaussian(), score));
      }
      for (int f = r.nextInt(3); f > 0; f--) { // clutter: a faint pose on nobody
        double[] k = new double[51];
        for (int j = 0; j < 17; j++) {
          k[3 * j] = 500 + 5 * j;
          k[3 * j + 1] = 300 + 3 * j;
        }
        det.add(line("detector", id, 490, 290, 60, 120, 0.1 + 0.2 * r.nextDouble(), k, 0,
            0.02f + 0.1f * r.nextFloat()));
      }
    }
    Path gt = tmp.resolve("person_keypoints.json");
    Files.writeString(gt, "{\"images\": [" + images + "], \"annotations\": [" + annotations
        + "], \"categories\": [{\"id\": 1, \"name\": \"person\"}]}");
    Path detFile = tmp.resolve("detector.tsv");
    Path gtFile = tmp.resolve("gt.tsv");
    Files.write(detFile, withHeader(det));
    Files.write(gtFile, withHeader(gtBoxes));
    Path out = tmp.resolve("model.json");
    Path md = tmp.resolve("report.md");
    Path png = tmp.resolve("reliability.png");

    int rc = new CommandLine(new ScoringFitMain()).execute("--gt", gt.toString(), "--candidates",
        gtFile + "," + detFile, "--out", out.toString(), "--markdown", md.toString(), "--plot",
        png.toString());

    assertThat(rc).isZero();
    PoseScoringModel model = PoseScoringModel.read(out);
    assertThat(model.provenance()).containsKey("variant").containsEntry("data", tmp.getFileName().toString());
    double t = model.minPoseScore();
    PoseFeatures features = new PoseFeatures();
    for (String l : det) {
      CandidateTable.Candidate c = parse(l);
      double s = model.score(features.of(List.of(new posespark.models.geometry.Box(c.x(), c.y(), c.w(), c.h(),
          c.boxScore())), List.of(c.keypoints()), 640, 480)[0]);
      assertThat(s >= t).as("%s scores %s, threshold %s", l.substring(0, 40), s, t)
          .isEqualTo(c.boxScore() >= 0.5);
    }
    String report = Files.readString(md);
    assertThat(report).contains("per-image count MAE, persons ≥ 48 px, detector boxes | ")
        .contains("**(chosen)**").contains("| (intercept) |");
    // Every person is found and no clutter counted: the chosen scoring's held-back count error is 0.
    String[] header = report.lines().filter(x -> x.startsWith("| held-back half")).findFirst().orElseThrow().split("\\|");
    String[] mae = report.lines().filter(x -> x.startsWith("| per-image count MAE, persons")).findFirst().orElseThrow().split("\\|");
    int chosen = 0;
    while (!header[chosen].contains("(chosen)")) {
      chosen++;
    }
    assertThat(mae[chosen].strip()).isEqualTo("0.000");
    assertThat(Double.parseDouble(mae[2].strip())).as("today: clutter counted").isGreaterThan(0.3);
    assertThat(Files.size(png)).isGreaterThan(1000);
  }

  /**
   * Candidates whose keypoints are off by a per-person error the keypoint scores do not show but
   * the heatmap statistics do (members disagree by that error): the fit picks a variant with
   * heatmap statistics, it ranks the held-back half better than the legacy score, and the
   * summary block of the accuracy page is rewritten in place.
   */
  @Test
  void heatmapStatisticsThatTellAccuracyAreUsed() throws Exception {
    Random r = new Random(5);
    StringBuilder images = new StringBuilder();
    StringBuilder annotations = new StringBuilder();
    List<String> det = new ArrayList<>();
    List<String> gtBoxes = new ArrayList<>();
    int ann = 1;
    for (int id = 1; id <= 80; id++) {
      images.append(id > 1 ? "," : "").append(String.format(Locale.ROOT,
          "{\"id\": %d, \"file_name\": \"%d.jpg\", \"width\": 640, \"height\": 480}", id, id));
      for (int p = 0, persons = 1 + r.nextInt(3); p < persons; p++) {
        double x = 20 + 200 * p;
        double y = 40 + r.nextInt(100);
        double[] k = new double[51];
        for (int j = 0; j < 17; j++) {
          k[3 * j] = x + 10 + 20 * (j % 4);
          k[3 * j + 1] = y + 10 + 14 * j;
          k[3 * j + 2] = 2;
        }
        annotations.append(ann > 1 ? "," : "").append(String.format(Locale.ROOT,
            "{\"id\": %d, \"image_id\": %d, \"category_id\": 1, \"iscrowd\": 0, \"area\": 20000, "
                + "\"bbox\": [%.1f, %.1f, 100, 260], \"num_keypoints\": 17, \"keypoints\": %s}",
            ann++, id, x, y, json(k)));
        for (String source : List.of("detector", "gt")) {
          // The whole skeleton shifted by an error (px) that neither the keypoint scores nor the
          // skeleton's shape show.
          double error = 12 * r.nextDouble();
          double a = 2 * Math.PI * r.nextDouble();
          double[] off = new double[51];
          for (int j = 0; j < 17; j++) {
            off[3 * j] = k[3 * j] + error * Math.cos(a);
            off[3 * j + 1] = k[3 * j + 1] + error * Math.sin(a);
          }
          String l = line(source, id, x, y, 100, 260, source.equals("gt") ? 1.0 : 0.6 + 0.3 * r.nextDouble(),
              off, 0, 0.6f + 0.3f * r.nextFloat()) + stats(0.8f, 0.1f, error / 64 + 0.01 * r.nextDouble());
          (source.equals("gt") ? gtBoxes : det).add(l);
        }
      }
      for (int f = r.nextInt(3); f > 0; f--) { // clutter: a faint, disputed pose on nobody
        double[] k = new double[51];
        for (int j = 0; j < 17; j++) {
          k[3 * j] = 560 + 5 * j;
          k[3 * j + 1] = 300 + 3 * j;
        }
        det.add(line("detector", id, 550, 290, 60, 120, 0.1 + 0.2 * r.nextDouble(), k, 0,
            0.02f + 0.1f * r.nextFloat()) + stats(0.1f, 0.8f, 0.3 + 0.2 * r.nextDouble()));
      }
    }
    Path gt = tmp.resolve("person_keypoints.json");
    Files.writeString(gt, "{\"images\": [" + images + "], \"annotations\": [" + annotations
        + "], \"categories\": [{\"id\": 1, \"name\": \"person\"}]}");
    Path detFile = tmp.resolve("detector.tsv");
    Path gtFile = tmp.resolve("gt.tsv");
    Files.write(detFile, withHeader(det));
    Files.write(gtFile, withHeader(gtBoxes));
    Path page = tmp.resolve("accuracy.md");
    Files.writeString(page, "# Accuracy\n\n" + ScoringFitMain.SUMMARY_BEGIN + "\nold table\n"
        + ScoringFitMain.SUMMARY_END + "\n\nmore text\n");
    Path out = tmp.resolve("model.json");

    int rc = new CommandLine(new ScoringFitMain()).execute("--gt", gt.toString(), "--candidates",
        gtFile + "," + detFile, "--out", out.toString(), "--summary-in", page.toString());

    assertThat(rc).isZero();
    PoseScoringModel model = PoseScoringModel.read(out);
    assertThat(model.provenance().get("variant")).contains("heatmap")
        .isEqualTo(model.provenance().get("fitting_half_choice"));
    assertThat(model.provenance().get("held_back_check")).startsWith("confirmed");
    assertThat(model.features()).contains("heatmap_member_spread");
    int spread = model.features().indexOf("heatmap_member_spread");
    assertThat(model.weights()[spread]).as("members that disagree: lower OKS").isNegative();
    String text = Files.readString(page);
    assertThat(text).startsWith("# Accuracy\n\n" + ScoringFitMain.SUMMARY_BEGIN + "\n| scoring")
        .endsWith(ScoringFitMain.SUMMARY_END + "\n\nmore text\n").doesNotContain("old table");
    String[] legacy = row(text, "| legacy |");
    String[] chosen = row(text, "**(default)**");
    // Held-back AP, ground-truth boxes (column 3), and detector boxes (column 2).
    assertThat(Double.parseDouble(chosen[3].strip())).isGreaterThan(Double.parseDouble(legacy[3].strip()) + 5);
    assertThat(Double.parseDouble(chosen[2].strip())).isGreaterThan(Double.parseDouble(legacy[2].strip()) + 5);
  }

  private static String[] row(String text, String marker) {
    return text.lines().filter(l -> l.contains(marker)).findFirst().orElseThrow().split("\\|");
  }

  /** Heatmap statistic columns: the same values for all 17 joints. */
  private static String stats(float peak, float secondPeak, double memberSpread) {
    StringBuilder s = new StringBuilder();
    for (int j = 0; j < 17; j++) {
      s.append(String.format(Locale.ROOT, "\t%.3f\t%.3f\t1\t%.4f\t0", peak, secondPeak, memberSpread));
    }
    return s.toString();
  }

  private static List<String> withHeader(List<String> lines) {
    List<String> all = new ArrayList<>();
    all.add(CandidateTable.HEADER);
    all.addAll(lines);
    return all;
  }

  private static CandidateTable.Candidate parse(String line) throws Exception {
    Path f = Files.createTempFile("one", ".tsv");
    try {
      Files.write(f, List.of(CandidateTable.HEADER, line));
      return CandidateTable.read(f).get(0);
    } finally {
      Files.delete(f);
    }
  }

  private static String line(String source, int id, double x, double y, double w, double h,
      double boxScore, double[] k, double jitter, float kpScore) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s\t%d\t640\t480\t%.2f\t%.2f\t%.2f\t%.2f\t%.4f",
        source, id, x, y, w, h, boxScore));
    for (int j = 0; j < 17; j++) {
      s.append(String.format(Locale.ROOT, "\t%.2f\t%.2f\t%.3f", k[3 * j] + jitter, k[3 * j + 1], kpScore));
    }
    return s.toString();
  }

  private static String json(double[] k) {
    List<String> parts = new ArrayList<>();
    for (double v : k) {
      parts.add(String.format(Locale.ROOT, "%.1f", v));
    }
    return "[" + String.join(",", parts) + "]";
  }
}
