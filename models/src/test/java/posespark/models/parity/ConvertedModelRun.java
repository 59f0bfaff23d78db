package posespark.models.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import posespark.models.card.ModelCard;
import posespark.models.card.ModelCards;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;
import posespark.models.runtime.ModelOutput;
import posespark.models.zoo.ModelZoo;

/**
 * A zoo model as the parity tests use it: converted (or taken from the cache) by
 * {@link ModelZoo#ensureReady}, loaded by {@link ModelHost} with its default options, and its signature
 * keys matched to the golden tensors through the card's tensor names.
 */
final class ConvertedModelRun {
  final String name;
  final ModelCard card;
  final LoadedModel model;
  final ParityGoldens.Model goldens;
  final int photoSide;

  ConvertedModelRun(String name, ParityGoldens.Index index) {
    this.name = name;
    this.card = ModelCards.find(name);
    Path dir = ModelZoo.ensureReady(name);
    this.model = ModelHost.get(dir);
    this.goldens = index.model(name);
    this.photoSide = index.photoSide();
  }

  /** Signature key of every golden tensor of a case, found by the TFJS node the card wires to that key. */
  Map<ParityGoldens.Tensor, String> keysFor(ParityGoldens.Case c) {
    Map<String, String> byNode = new LinkedHashMap<>();
    card.recipe().outputs().forEach((key, tensor) -> byNode.putIfAbsent(stripIndex(tensor), key));
    Map<ParityGoldens.Tensor, String> keys = new LinkedHashMap<>();
    List<String> unexposed = new ArrayList<>();
    for (ParityGoldens.Tensor t : c.tensors()) {
      // The first key the card wires to that tensor: keys aliasing one tensor (BlazePose's output_0 and
      // heatmaps) are fetched once.
      String key = byNode.get(t.node());
      if (key == null) {
        unexposed.add(t.key() + " (" + t.node() + ")");
      } else {
        keys.put(t, key);
      }
    }
    if (!unexposed.isEmpty()) {
      throw new AssertionError(name + ": the converted signature exposes no key for golden tensors " + unexposed
          + "; it has " + card.recipe().outputs());
    }
    return keys;
  }

  /** The case's image, side x side x 3 RGB. */
  byte[] image(ParityGoldens.Case c) {
    return ParityInputs.image(c.input(), photoSide, goldens.input().size());
  }

  /** Images stacked along the batch axis in the converted model's input type. */
  ModelInput input(List<byte[]> images) {
    return ParityInputs.modelInput(images, goldens.input(), model.inputType() == DataType.DT_FLOAT);
  }

  Map<String, ModelOutput> run(ModelInput input, List<String> keys) {
    return model.run(input, keys.toArray(String[]::new));
  }

  private static String stripIndex(String tensor) {
    return tensor.endsWith(":0") ? tensor.substring(0, tensor.length() - 2) : tensor;
  }
}
