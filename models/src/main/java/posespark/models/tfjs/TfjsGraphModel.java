package posespark.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.GraphDef;

/**
 * A TFJS graph model as read from disk: the {@code modelTopology} GraphDef (Const nodes still
 * without values) and the weights of its {@code weightsManifest}, read from the .bin files.
 */
public final class TfjsGraphModel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path modelJson;
  private final GraphDef topology;
  private final List<WeightGroup> groups;

  /** One manifest group: its weights are packed back to back in its .bin files, in order. */
  public record WeightGroup(List<Path> paths, List<WeightSpec> weights, ByteBuffer bytes) {}

  private TfjsGraphModel(Path modelJson, GraphDef topology, List<WeightGroup> groups) {
    this.modelJson = modelJson;
    this.topology = topology;
    this.groups = groups;
  }

  /** Reads {@code model.json} and the .bin files it names (relative to its folder). */
  public static TfjsGraphModel read(Path modelJson) {
    JsonNode root = readJson(modelJson);
    if (!"graph-model".equals(root.path("format").asText("graph-model"))) {
      throw new ModelImportException(modelJson + ": format '" + root.path("format").asText()
          + "' is not a TFJS graph model");
    }
    JsonNode topologyJson = root.get("modelTopology");
    if (topologyJson == null || !topologyJson.has("node")) {
      throw new ModelImportException(modelJson + ": no modelTopology with nodes");
    }
    GraphDef.Builder graph = GraphDef.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(topologyJson.toString(), graph);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelImportException(modelJson + ": modelTopology is not a valid GraphDef: "
          + e.getMessage(), e);
    }
    JsonNode manifest = root.get("weightsManifest");
    if (manifest == null || !manifest.isArray()) {
      throw new ModelImportException(modelJson + ": no weightsManifest");
    }
    List<WeightGroup> groups = new ArrayList<>();
    for (JsonNode group : manifest) {
      groups.add(readGroup(modelJson, group));
    }
    return new TfjsGraphModel(modelJson, graph.build(), groups);
  }

  public Path modelJson() {
    return modelJson;
  }

  /** The topology exactly as stored (Const nodes of weights carry no values yet). */
  public GraphDef topology() {
    return topology;
  }

  public List<WeightGroup> weightGroups() {
    return groups;
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ModelImportException(file + ": file is missing", e);
    } catch (IOException e) {
      throw new ModelImportException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  private static WeightGroup readGroup(Path modelJson, JsonNode group) {
    List<Path> paths = new ArrayList<>();
    for (JsonNode p : group.path("paths")) {
      paths.add(modelJson.resolveSibling(p.asText()));
    }
    List<WeightSpec> weights = new ArrayList<>();
    long needed = 0;
    for (JsonNode w : group.path("weights")) {
      WeightSpec spec = parseSpec(modelJson, w);
      weights.add(spec);
      needed += spec.byteLength();
    }
    ByteBuffer bytes = concatenate(paths);
    if (bytes.remaining() < needed) {
      throw new ModelImportException(describe(paths) + ": truncated weights: the manifest in "
          + modelJson.getFileName() + " needs " + needed + " bytes, the file has " + bytes.remaining());
    }
    return new WeightGroup(List.copyOf(paths), List.copyOf(weights), bytes);
  }

  private static WeightSpec parseSpec(Path modelJson, JsonNode w) {
    String name = w.path("name").asText(null);
    if (name == null || !w.has("shape") || !w.has("dtype")) {
      throw new ModelImportException(modelJson + ": weight entry without name/shape/dtype: " + w);
    }
    long[] shape = new long[w.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = w.get("shape").get(i).asLong();
    }
    WeightSpec.Quantization q = null;
    JsonNode quant = w.get("quantization");
    if (quant != null && !quant.isNull()) {
      q = new WeightSpec.Quantization(quant.path("dtype").asText(),
          quant.path("scale").asDouble(1.0), quant.path("min").asDouble(0.0));
    }
    return new WeightSpec(name, shape, w.get("dtype").asText(), q);
  }

  private static ByteBuffer concatenate(List<Path> paths) {
    try {
      if (paths.size() == 1) {
        return ByteBuffer.wrap(Files.readAllBytes(paths.get(0)));
      }
      long total = 0;
      for (Path p : paths) {
        total += Files.size(p);
      }
      ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(total));
      for (Path p : paths) {
        all.put(Files.readAllBytes(p));
      }
      return all.flip();
    } catch (NoSuchFileException e) {
      throw new ModelImportException(e.getFile() + ": weights file is missing", e);
    } catch (IOException e) {
      throw new ModelImportException(describe(paths) + ": cannot read weights: " + e.getMessage(), e);
    }
  }

  private static String describe(List<Path> paths) {
    return paths.size() == 1 ? paths.get(0).toString() : paths.toString();
  }
}
