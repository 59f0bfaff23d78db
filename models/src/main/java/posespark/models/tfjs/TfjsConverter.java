package posespark.models.tfjs;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SignatureDef;

/**
 * TFJS graph model → TensorFlow SavedModel: binds the weights, expands TFJS-only fused ops,
 * replaces Pad by PadV2, drops device pins, then applies the model's {@link ConversionRecipe}
 * (hard-swish rescaling, batch, re-wiring, NCHW input) and writes the SavedModel.
 */
public final class TfjsConverter {
  private static final Logger LOG = LoggerFactory.getLogger(TfjsConverter.class);
  /** Name of the NHWC placeholder put in front of NCHW models. */
  public static final String NHWC_INPUT = "input_nhwc";

  private TfjsConverter() {}

  /** The converted GraphDef, not yet written. */
  public static GraphDef convertGraph(TfjsGraphModel model, ConversionRecipe recipe) {
    GraphDef graph = WeightBinder.bind(model);
    graph = FusedOpUnfuser.unfuse(graph);
    graph = PadToPadV2.rewrite(graph);
    graph = GraphEdits.clearDevices(graph);
    if (recipe.rescaleHardSwish()) {
      graph = HardSwishRescale.rewrite(graph);
    }
    if (recipe.dynamicBatch()) {
      graph = GraphEdits.setBatchDimension(graph, recipe.inputNode(), -1);
    }
    for (ConversionRecipe.Rewire r : recipe.rewires()) {
      graph = GraphEdits.rewireInput(graph, r.consumer(), r.index(), r.source());
    }
    for (ConversionRecipe.ConstantInput c : recipe.constantInputs()) {
      graph = GraphEdits.constantInput(graph, c.consumer(), c.index(), c.values());
    }
    if (recipe.nchwInput()) {
      graph = GraphEdits.nhwcInputForNchw(graph, recipe.inputNode(), NHWC_INPUT);
    }
    return graph;
  }

  /** Converts {@code modelJson} and writes the SavedModel into {@code dir}; returns its signature. */
  public static SignatureDef convert(Path modelJson, ConversionRecipe recipe, Path dir) {
    long start = System.nanoTime();
    TfjsGraphModel model = TfjsGraphModel.read(modelJson);
    GraphDef graph;
    try {
      graph = convertGraph(model, recipe);
    } catch (ModelImportException e) {
      throw new ModelImportException(modelJson + ": " + e.getMessage(), e);
    }
    String input = recipe.nchwInput() ? NHWC_INPUT : recipe.inputNode();
    SignatureDef signature;
    try {
      signature = SavedModelWriter.write(graph, input, recipe.outputs(), dir);
    } catch (ModelImportException e) {
      throw new ModelImportException(modelJson + ": " + e.getMessage(), e);
    }
    LOG.info("converted {} ({} nodes) in {} ms", modelJson.getFileName(), graph.getNodeCount(),
        (System.nanoTime() - start) / 1_000_000);
    return signature;
  }
}
