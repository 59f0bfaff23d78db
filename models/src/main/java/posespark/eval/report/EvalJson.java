package posespark.eval.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.KeypointTally;

/**
 * Writes an evaluation as JSON: {@code stats} in pycocotools' order (doubles printed so that they
 * read back bit-identical), the same values by name, the summary lines, the per-keypoint breakdown
 * and facts about the run ({@code run}: engine, files, seconds).
 */
public final class EvalJson {

  private EvalJson() {}

  public static void write(Path file, CocoEvalResult result, List<String> keypointNames, Map<String, Object> facts) {
    try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("iou_type", result.params().iouType().cocoName());
      double[] stats = result.stats();
      g.writeArrayFieldStart("stats");
      for (double s : stats) {
        g.writeNumber(s);
      }
      g.writeEndArray();
      List<String> names = StatNames.of(result.params().iouType());
      for (int i = 0; i < stats.length; i++) {
        g.writeNumberField(names.get(i), stats[i]);
      }
      g.writeArrayFieldStart("summary");
      for (String line : result.summaryLines()) {
        g.writeString(line);
      }
      g.writeEndArray();
      KeypointTally tally = result.keypointTally();
      if (tally != null) {
        g.writeArrayFieldStart("per_keypoint");
        for (int k = 0; k < tally.keypointCount(); k++) {
          g.writeStartObject();
          g.writeStringField("keypoint", k < keypointNames.size() ? keypointNames.get(k) : "k" + k);
          g.writeNumberField("labelled_matched", tally.labelled(k));
          writeNullable(g, "mean_similarity", tally.meanSimilarity(k));
          writeNullable(g, "pck50", tally.pck50(k));
          writeNullable(g, "pck75", tally.pck75(k));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeObjectFieldStart("run");
      for (Map.Entry<String, Object> e : facts.entrySet()) {
        if (e.getValue() instanceof Number n) {
          g.writeNumberField(e.getKey(), n.doubleValue());
        } else {
          g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
        }
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeNullable(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isNaN(v)) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, v);
    }
  }
}
