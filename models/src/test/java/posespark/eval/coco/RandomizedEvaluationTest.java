package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Random sets (see {@link RandomCocoSets}) checked against a literal accumulate and invariants. */
class RandomizedEvaluationTest {

  @TempDir
  Path dir;

  private EvalParams setUp(IouType type, long seed) {
    RandomCocoSets.write(dir, type, seed, 80);
    return EvalParams.of(type);
  }

  @ParameterizedTest
  @CsvSource({"keypoints,1", "keypoints,2", "keypoints,3", "bbox,4", "bbox,5", "bbox,6"})
  void streamingAccumulateEqualsLiteralAccumulateBitForBit(String type, long seed) {
    EvalParams p = setUp(IouType.parse(type), seed);
    List<ImageEval> evals = RandomCocoSets.evaluateImages(p, dir);
    int[] cats = RandomCocoSets.catIds(p, dir);
    CocoEvalResult r = CocoEvaluator.accumulate(p, cats, evals);
    LiteralAccumulate ref = new LiteralAccumulate(p, cats, evals);
    int numT = p.numThresholds();
    for (int t = 0; t < numT; t++) {
      for (int k = 0; k < cats.length; k++) {
        for (int a = 0; a < p.numAreas(); a++) {
          for (int m = 0; m < p.numMaxDets(); m++) {
            assertThat(r.recall(t, k, a, m)).as("recall t%d k%d a%d m%d", t, k, a, m)
                .isEqualTo(ref.recall[((t * cats.length + k) * p.numAreas() + a) * p.numMaxDets() + m]);
            for (int q = 0; q < p.numRecall(); q++) {
              assertThat(r.precision(t, q, k, a, m)).as("precision t%d r%d k%d a%d m%d", t, q, k, a, m)
                  .isEqualTo(ref.precision[(((t * p.numRecall() + q) * cats.length + k) * p.numAreas() + a)
                      * p.numMaxDets() + m]);
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"keypoints,11", "bbox,12"})
  void scanningPartsWithOffsetsEqualsOneScan(String type, long seed) {
    EvalParams p = setUp(IouType.parse(type), seed);
    List<ImageEval> evals = RandomCocoSets.evaluateImages(p, dir);
    int[] cats = RandomCocoSets.catIds(p, dir);
    long[] npig = CocoEvaluator.countedGroundTruths(p, cats, evals);
    CocoEvaluator.GlobalOrder order = CocoEvaluator.GlobalOrder.of(evals, cats);
    PartialCurves whole = scan(p, cats, npig, evals, order, 0, order.size(), null, null);

    Random rnd = new Random(seed);
    List<Integer> cuts = new ArrayList<>(List.of(0, order.size()));
    for (int i = 0; i < 6; i++) {
      cuts.add(rnd.nextInt(order.size() + 1));
    }
    cuts.sort(null);
    int combos = CurveScanner.combinations(p, cats.length);
    long[] tpOff = new long[combos];
    long[] fpOff = new long[combos];
    PartialCurves merged = null;
    for (int i = 0; i + 1 < cuts.size(); i++) {
      PartialCurves part = scan(p, cats, npig, evals, order, cuts.get(i), cuts.get(i + 1), tpOff, fpOff);
      for (int c = 0; c < combos; c++) {
        tpOff[c] += part.tp[c];
        fpOff[c] += part.fp[c];
      }
      merged = merged == null ? part : merged.merge(part);
    }
    assertThat(merged.tp).isEqualTo(whole.tp);
    assertThat(merged.fp).isEqualTo(whole.fp);
    assertThat(merged.maxPr).isEqualTo(whole.maxPr);
  }

  private static PartialCurves scan(EvalParams p, int[] cats, long[] npig, List<ImageEval> evals,
      CocoEvaluator.GlobalOrder order, int from, int to, long[] tpOff, long[] fpOff) {
    CurveScanner s = new CurveScanner(p, cats.length, npig, tpOff, fpOff);
    for (int i = from; i < to; i++) {
      ImageEval e = evals.get(order.evalOf[i]);
      s.accept(order.catIndex[i], order.detOf[i], e.statusOf(order.detOf[i], p.numAreas(), p.numThresholds()));
    }
    return s.finish();
  }

  @ParameterizedTest
  @CsvSource({"keypoints,21", "bbox,22"})
  void statsAreProbabilitiesAndLooserThresholdsRecallMore(String type, long seed) {
    EvalParams p = setUp(IouType.parse(type), seed);
    double[] s = new CocoEvaluator(p).evaluate(dir.resolve("gt.json"), dir.resolve("results.json")).stats();
    for (double v : s) {
      assertThat(v == -1 || (v >= 0 && v <= 1)).as("stat %s in [0, 1] or -1", v).isTrue();
    }
    if (p.iouType() == IouType.KEYPOINTS) {
      assertThat(s[1]).as("AP50 >= AP").isGreaterThanOrEqualTo(s[0]);
      assertThat(s[6]).as("AR50 >= AR75").isGreaterThanOrEqualTo(s[7]);
    } else {
      assertThat(s[7]).as("AR@10 >= AR@1").isGreaterThanOrEqualTo(s[6]);
      assertThat(s[8]).as("AR@100 >= AR@10").isGreaterThanOrEqualTo(s[7]);
    }
  }

  @ParameterizedTest
  @CsvSource({"keypoints,31", "bbox,32"})
  void orderOfResultsWithDistinctScoresDoesNotMatter(String type, long seed) throws Exception {
    EvalParams p = setUp(IouType.parse(type), seed);
    Path results = dir.resolve("results.json");
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<java.util.Map<String, Object>> rows = json.readValue(results.toFile(),
        new com.fasterxml.jackson.core.type.TypeReference<>() {});
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).put("score", 0.001 + i * 1e-4);
    }
    CocoFiles.write(results, rows);
    double[] before = new CocoEvaluator(p).evaluate(dir.resolve("gt.json"), results).stats();
    java.util.Collections.shuffle(rows, new Random(seed));
    Path shuffled = CocoFiles.write(dir.resolve("shuffled.json"), rows);
    double[] after = new CocoEvaluator(p).evaluate(dir.resolve("gt.json"), shuffled).stats();
    assertThat(after).containsExactly(before);
  }

  @ParameterizedTest
  @CsvSource({"41", "42"})
  void groundTruthBoxesAsResultsGiveFullPrecision(long seed) throws Exception {
    EvalParams p = setUp(IouType.BBOX, seed);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Map<String, Object> gt = json.readValue(dir.resolve("gt.json").toFile(),
        new com.fasterxml.jackson.core.type.TypeReference<>() {});
    List<java.util.Map<String, Object>> perfect = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> anns = (List<java.util.Map<String, Object>>) gt.get("annotations");
    for (java.util.Map<String, Object> a : anns) {
      if (((Number) a.get("iscrowd")).intValue() == 0) {
        perfect.add(new java.util.LinkedHashMap<>(java.util.Map.of("image_id", a.get("image_id"),
            "category_id", a.get("category_id"), "bbox", a.get("bbox"), "score", 0.5 + perfect.size() * 1e-6)));
      }
    }
    Path results = CocoFiles.write(dir.resolve("perfect.json"), perfect);
    double[] s = new CocoEvaluator(p).evaluate(dir.resolve("gt.json"), results).stats();
    assertThat(Arrays.copyOf(s, 3)).as("AP, AP50, AP75")
        .containsExactly(new double[] {1, 1, 1}, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(s[8]).as("AR@100").isEqualTo(1.0);
    assertThat(Files.exists(results)).isTrue();
  }
}
