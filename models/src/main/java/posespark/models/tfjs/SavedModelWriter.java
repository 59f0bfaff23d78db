package posespark.models.tfjs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Writes a constants-only GraphDef as a SavedModel ({@code saved_model.pb}, tag {@code serve},
 * signature {@code serving_default}). The graph has no variables, so there is no variables folder
 * and no saver subgraph: every node in the file is part of the model.
 */
public final class SavedModelWriter {
  public static final String SERVE_TAG = "serve";
  public static final String SIGNATURE = "serving_default";
  public static final String INPUT_KEY = "input";

  private SavedModelWriter() {}

  /**
   * Imports {@code graph} into TensorFlow (which validates every op and infers shapes), then writes
   * {@code dir/saved_model.pb}. Returns the signature written.
   */
  public static SignatureDef write(GraphDef graph, String inputTensor, Map<String, String> outputs,
      Path dir) {
    SignatureDef.Builder signature = SignatureDef.newBuilder()
        .setMethodName("tensorflow/serving/predict");
    try (Graph g = new Graph()) {
      try {
        g.importGraphDef(graph);
      } catch (RuntimeException e) {
        throw new ModelImportException("converted graph does not import into TensorFlow "
            + TensorFlow.version() + ": " + e.getMessage(), e);
      }
      signature.putInputs(INPUT_KEY, tensorInfo(g, inputTensor));
      outputs.forEach((key, tensor) -> signature.putOutputs(key, tensorInfo(g, tensor)));
    }
    MetaGraphDef meta = MetaGraphDef.newBuilder()
        .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags(SERVE_TAG)
            .setTensorflowVersion(TensorFlow.version()))
        .setGraphDef(graph)
        .putSignatureDef(SIGNATURE, signature.build())
        .build();
    SavedModel savedModel = SavedModel.newBuilder().setSavedModelSchemaVersion(1)
        .addMetaGraphs(meta).build();
    try {
      Files.createDirectories(dir);
      try (OutputStream out = Files.newOutputStream(dir.resolve("saved_model.pb"))) {
        savedModel.writeTo(out);
      }
    } catch (IOException e) {
      throw new ModelImportException(dir + ": cannot write saved_model.pb: " + e.getMessage(), e);
    }
    return signature.build();
  }

  private static TensorInfo tensorInfo(Graph g, String tensor) {
    String name = tensor.contains(":") ? tensor : tensor + ":0";
    int colon = name.lastIndexOf(':');
    String opName = name.substring(0, colon);
    int index = Integer.parseInt(name.substring(colon + 1));
    GraphOperation op = g.operation(opName);
    if (op == null) {
      throw new ModelImportException("converted graph has no tensor '" + name + "'");
    }
    Output<?> output = op.output(index);
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    Shape s = output.shape();
    if (s.isUnknown()) {
      shape.setUnknownRank(true);
    } else {
      for (long d : s.asArray()) {
        shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      }
    }
    return TensorInfo.newBuilder().setName(name).setDtype(output.dataType()).setTensorShape(shape)
        .build();
  }
}
