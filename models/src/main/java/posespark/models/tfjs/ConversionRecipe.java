package posespark.models.tfjs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a conversion does to one TFJS graph model besides the standard rewrites: which placeholder
 * becomes the signature's {@code input}, whether its batch becomes dynamic, which inputs are
 * re-wired (to bypass a batch-1-only chain) and which tensors the signature exposes under which keys.
 */
public final class ConversionRecipe {
  /** Re-wiring: {@code consumer}'s data input {@code index} reads {@code source}. */
  public record Rewire(String consumer, int index, String source) {}

  /** {@code consumer}'s data input {@code index} becomes an int64 vector constant. */
  public record ConstantInput(String consumer, int index, long[] values) {}

  private final String inputNode;
  private final boolean nchwInput;
  private final boolean dynamicBatch;
  private final boolean rescaleHardSwish;
  private final List<Rewire> rewires;
  private final List<ConstantInput> constantInputs;
  private final Map<String, String> outputs;

  private ConversionRecipe(Builder b) {
    this.inputNode = Objects.requireNonNull(b.inputNode, "inputNode");
    this.nchwInput = b.nchwInput;
    this.dynamicBatch = b.dynamicBatch;
    this.rescaleHardSwish = b.rescaleHardSwish;
    this.rewires = List.copyOf(b.rewires);
    this.constantInputs = List.copyOf(b.constantInputs);
    if (b.outputs.isEmpty()) {
      throw new IllegalArgumentException("a recipe needs at least one output");
    }
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.outputs));
  }

  public static Builder builder(String inputNode) {
    return new Builder(inputNode);
  }

  /** The model's own input placeholder (NCHW for {@link #nchwInput()} models). */
  public String inputNode() {
    return inputNode;
  }

  /** True when the model reads NCHW: an NHWC placeholder and a Transpose are put in front. */
  public boolean nchwInput() {
    return nchwInput;
  }

  public boolean dynamicBatch() {
    return dynamicBatch;
  }

  /** True when hard-swish chains get an exact 1/6 and a separate rescale ({@link HardSwishRescale}). */
  public boolean rescaleHardSwish() {
    return rescaleHardSwish;
  }

  public List<Rewire> rewires() {
    return rewires;
  }

  public List<ConstantInput> constantInputs() {
    return constantInputs;
  }

  /** Signature output key → tensor name ("node:index" or "node"), in declaration order. */
  public Map<String, String> outputs() {
    return outputs;
  }

  /** Builder; outputs keep their insertion order. */
  public static final class Builder {
    private final String inputNode;
    private boolean nchwInput;
    private boolean dynamicBatch;
    private boolean rescaleHardSwish;
    private final List<Rewire> rewires = new ArrayList<>();
    private final List<ConstantInput> constantInputs = new ArrayList<>();
    private final LinkedHashMap<String, String> outputs = new LinkedHashMap<>();

    private Builder(String inputNode) {
      this.inputNode = inputNode;
    }

    public Builder nchwInput() {
      this.nchwInput = true;
      return this;
    }

    public Builder dynamicBatch() {
      this.dynamicBatch = true;
      return this;
    }

    public Builder rescaleHardSwish() {
      this.rescaleHardSwish = true;
      return this;
    }

    public Builder rewire(String consumer, int index, String source) {
      rewires.add(new Rewire(consumer, index, source));
      return this;
    }

    public Builder constantInput(String consumer, int index, long... values) {
      constantInputs.add(new ConstantInput(consumer, index, values.clone()));
      return this;
    }

    public Builder output(String key, String tensor) {
      if (outputs.putIfAbsent(key, tensor) != null) {
        throw new IllegalArgumentException("output key '" + key + "' given twice");
      }
      return this;
    }

    public ConversionRecipe build() {
      return new ConversionRecipe(this);
    }
  }
}
