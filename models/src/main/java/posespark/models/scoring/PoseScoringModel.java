package posespark.models.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pose scoring model: a logistic model over standardised {@link PoseFeatures} whose output
 * estimates the pose's OKS with the person it shows (0 for a pose of no one). Written by
 * {@link ScoringFitMain} to {@code conf/scoring/pose-scoring.json} together with the confidence
 * threshold measured for it; the jar carries that file as {@link #RESOURCE}.
 *
 * @param features      names of the {@link PoseFeatures} the model uses
 * @param mean          per-feature mean used for standardising
 * @param scale         per-feature standard deviation used for standardising
 * @param weights       per standardised feature
 * @param bias          intercept
 * @param minPoseScore  the measured confidence threshold (poses at or above it count as persons)
 * @param provenance    how the file was made (data, split, sizes, date): text for people
 */
public record PoseScoringModel(List<String> features, double[] mean, double[] scale,
    double[] weights, double bias, double minPoseScore, Map<String, String> provenance) {

  /** Classpath location of the committed model. */
  public static final String RESOURCE = "posespark/scoring/pose-scoring.json";

  public PoseScoringModel {
    int n = features.size();
    if (mean.length != n || scale.length != n || weights.length != n) {
      throw new IllegalArgumentException("pose scoring model: " + n + " features but "
          + mean.length + "/" + scale.length + "/" + weights.length + " mean/scale/weights");
    }
    for (String f : features) {
      if (!PoseFeatures.NAMES.contains(f)) {
        throw new IllegalArgumentException("pose scoring model: unknown feature '" + f + "' (known: "
            + PoseFeatures.NAMES + "; refit with submit/lib/fit-pose-scoring.sh)");
      }
    }
    features = List.copyOf(features);
    provenance = new TreeMap<>(provenance);
  }

  /**
   * The estimated OKS of a candidate with the given {@link PoseFeatures} (all of them). A NaN
   * feature (a pose that came without heatmap statistics) counts as its fitting mean.
   */
  public double score(double[] all) {
    double z = bias;
    for (int i = 0; i < weights.length; i++) {
      double x = all[PoseFeatures.NAMES.indexOf(features.get(i))];
      if (!Double.isNaN(x)) {
        z += weights[i] * (x - mean[i]) / scale[i];
      }
    }
    return 1 / (1 + Math.exp(-z));
  }

  /** The named features out of a full {@link PoseFeatures} vector. */
  public static double[] select(List<String> names, double[] all) {
    double[] out = new double[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all[PoseFeatures.NAMES.indexOf(names.get(i))];
    }
    return out;
  }

  /** The committed model from the classpath. */
  public static PoseScoringModel committed() {
    try (InputStream in = PoseScoringModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath (rebuild posespark)");
      }
      return parse(new ObjectMapper().readTree(in), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PoseScoringModel read(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()), file.toString());
  }

  private static PoseScoringModel parse(JsonNode root, String where) {
    List<String> names = new ArrayList<>();
    root.path("features").forEach(f -> names.add(f.asText()));
    Map<String, String> provenance = new TreeMap<>();
    root.path("provenance").fields().forEachRemaining(e -> provenance.put(e.getKey(), e.getValue().asText()));
    return new PoseScoringModel(names, doubles(root.path("mean")), doubles(root.path("scale")),
        doubles(root.path("weights")), root.path("bias").asDouble(), root.path("min_pose_score").asDouble(),
        provenance);
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  public void write(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("model", "logistic regression on standardised features; output = estimated OKS");
    ArrayNode f = root.putArray("features");
    features.forEach(f::add);
    put(root.putArray("mean"), mean);
    put(root.putArray("scale"), scale);
    put(root.putArray("weights"), weights);
    root.put("bias", bias);
    root.put("min_pose_score", minPoseScore);
    ObjectNode p = root.putObject("provenance");
    provenance.forEach(p::put);
    Files.writeString(file, mapper.writeValueAsString(root) + "\n");
  }

  private static void put(ArrayNode node, double[] values) {
    for (double v : values) {
      node.add(v);
    }
  }

  public PoseScoringModel withMinPoseScore(double threshold) {
    return new PoseScoringModel(features, mean, scale, weights, bias, threshold, provenance);
  }

  public PoseScoringModel withProvenance(Map<String, String> p) {
    return new PoseScoringModel(features, mean, scale, weights, bias, minPoseScore, p);
  }
}
