package posespark.job.eval;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.SyntheticCoco;
import posespark.job.cluster.StandaloneCluster;

/** On a standalone cluster (Master and two Worker JVMs), the evaluation equals the local one. */
class StandaloneClusterEvaluationTest {

  @TempDir
  Path dir;

  @Test
  void clusterEvaluationEqualsLocalEvaluator() {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 1200, 12);
    EvalParams p = EvalParams.keypoints();
    try (StandaloneCluster cluster = StandaloneCluster.start(2, 1)) {
      SparkSession spark = cluster.sessionBuilder("evaluate-on-cluster")
          .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer").getOrCreate();
      try {
        SparkCocoEvaluatorTest.assertSameArrays(
            new SparkCocoEvaluator(spark, p, dir.resolve("work").toUri().toString(), 4).evaluate(gt, results),
            new CocoEvaluator(p).evaluate(gt, results));
      } finally {
        spark.stop();
      }
    }
  }
}
