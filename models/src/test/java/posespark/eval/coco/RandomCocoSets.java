package posespark.eval.coco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random COCO sets that hit the reference's corner cases: crowd regions, persons without
 * labelled keypoints, areas exactly on the range edges (32², 96²), scores on a coarse grid (many
 * ties), images with more detections than maxDets, images without ground truth or without results,
 * several categories (bbox), results with or without a box (the two loadRes branches).
 */
final class RandomCocoSets {

  private RandomCocoSets() {}

  /** Writes gt.json and results.json into {@code dir}. */
  static void write(Path dir, IouType type, long seed, int numImages) {
    Random rnd = new Random(seed);
    CocoFiles files = new CocoFiles();
    int numCats = type == IouType.BBOX ? 3 : 1;
    for (int c = 2; c <= numCats; c++) {
      files.category(c);
    }
    boolean resultBoxes = type == IouType.BBOX || rnd.nextBoolean();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < numImages; i++) {
      ids.add(1000L + 7L * i + rnd.nextInt(5));
    }
    Collections.shuffle(ids, rnd);
    List<Map<String, Object>> results = new ArrayList<>();
    for (long imageId : ids) {
      files.image(imageId);
      int persons = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(4);
      for (int p = 0; p < persons; p++) {
        int cat = 1 + rnd.nextInt(numCats);
        double w = 10 + rnd.nextDouble() * 250;
        double h = 10 + rnd.nextDouble() * 250;
        double x = rnd.nextDouble() * 400;
        double y = rnd.nextDouble() * 300;
        double area = switch (rnd.nextInt(6)) {
          case 0 -> 32 * 32;
          case 1 -> 96 * 96;
          default -> w * h * (0.5 + 0.5 * rnd.nextDouble());
        };
        boolean crowd = rnd.nextInt(10) == 0;
        double[] kps = CocoFiles.personKeypoints(x, y, w, h);
        int labelled = 0;
        for (int k = 0; k < 17; k++) {
          kps[3 * k] += rnd.nextGaussian() * w * 0.05;
          kps[3 * k + 1] += rnd.nextGaussian() * h * 0.05;
          int v = crowd || rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(3);
          kps[3 * k + 2] = v;
          labelled += v > 0 ? 1 : 0;
        }
        if (!crowd && rnd.nextInt(10) == 0) {
          java.util.Arrays.fill(kps, 0);
          labelled = 0;
        }
        files.gt(imageId, cat, new double[] {x, y, w, h}, area, crowd ? 1 : 0,
            type == IouType.KEYPOINTS ? kps : null, labelled);
        int copies = rnd.nextInt(5) == 0 ? 0 : 1 + (rnd.nextInt(4) == 0 ? 1 : 0);
        for (int c = 0; c < copies; c++) {
          double noise = rnd.nextDouble() * 0.15;
          double[] dk = kps.clone();
          for (int k = 0; k < 17; k++) {
            dk[3 * k] = (crowd ? x + rnd.nextDouble() * w : dk[3 * k]) + rnd.nextGaussian() * w * noise;
            dk[3 * k + 1] = (crowd ? y + rnd.nextDouble() * h : dk[3 * k + 1]) + rnd.nextGaussian() * h * noise;
            dk[3 * k + 2] = rnd.nextDouble();
          }
          double[] box = {x + rnd.nextGaussian() * w * noise, y + rnd.nextGaussian() * h * noise,
              w * (1 + rnd.nextGaussian() * noise), Math.abs(h * (1 + rnd.nextGaussian() * noise))};
          results.add(result(imageId, cat, box, dk, score(rnd), type, resultBoxes));
        }
      }
      int extra = rnd.nextInt(12) == 0 ? (type == IouType.BBOX ? 104 : 24) : rnd.nextInt(3);
      for (int i = 0; i < extra; i++) {
        double x = rnd.nextDouble() * 500;
        double y = rnd.nextDouble() * 400;
        double w = 5 + rnd.nextDouble() * 200;
        double h = 5 + rnd.nextDouble() * 200;
        double[] dk = CocoFiles.detected(CocoFiles.personKeypoints(x, y, w, h), 0, 0);
        results.add(result(imageId, 1 + rnd.nextInt(numCats), new double[] {x, y, w, h}, dk,
            score(rnd), type, resultBoxes));
      }
    }
    Collections.shuffle(results, rnd);
    for (Map<String, Object> r : results) {
      files.rawResult(r);
    }
    files.writeGt(dir);
    files.writeResults(dir);
  }

  /** Scores on a grid of 0.05, so that ties are common. */
  private static double score(Random rnd) {
    return Math.round(rnd.nextDouble() * 20) / 20.0;
  }

  private static Map<String, Object> result(long imageId, int cat, double[] box, double[] kps, double score,
      IouType type, boolean withBox) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("image_id", imageId);
    r.put("category_id", cat);
    if (withBox) {
      r.put("bbox", box);
    }
    if (type == IouType.KEYPOINTS) {
      r.put("keypoints", kps);
    }
    r.put("score", score);
    return r;
  }

  /** pycocotools' {@code evalImgs} of a written set, images ascending, categories ascending. */
  static List<ImageEval> evaluateImages(EvalParams params, Path dir) {
    CocoGroundTruth gt = CocoGroundTruth.read(dir.resolve("gt.json"), params.iouType(), params.keypointCount());
    Map<Long, List<Detection>> dts = new HashMap<>();
    new CocoJsonReader(params.iouType(), params.keypointCount()).readResults(dir.resolve("results.json"),
        gt::hasImage, d -> dts.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d));
    ImageEvaluator evaluator = new ImageEvaluator(params);
    List<ImageEval> evals = new ArrayList<>();
    for (long imageId : gt.imageIds()) {
      evals.addAll(CocoEvaluator.evaluateImage(evaluator, gt.catIds(), imageId, gt.annotations(imageId),
          dts.getOrDefault(imageId, List.of())));
    }
    return evals;
  }

  static int[] catIds(EvalParams params, Path dir) {
    return CocoGroundTruth.read(dir.resolve("gt.json"), params.iouType(), params.keypointCount()).catIds();
  }
}
