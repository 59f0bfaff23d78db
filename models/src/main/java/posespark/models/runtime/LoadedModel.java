package posespark.models.runtime;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * A SavedModel loaded into one TensorFlow session, run through its {@code serving_default}
 * signature: one input under key {@code input}, named outputs. Safe to call from several threads
 * at once (TensorFlow sessions are); obtain instances from {@link ModelHost}.
 */
public final class LoadedModel implements AutoCloseable {
  public static final String SIGNATURE = "serving_default";
  public static final String INPUT_KEY = "input";

  private final Path dir;
  private final HostOptions options;
  private final SavedModelBundle bundle;
  private final TensorInfo input;
  private final Map<String, TensorInfo> outputs;
  private final Runnable onClose;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  LoadedModel(Path dir, HostOptions options, SavedModelBundle bundle, SignatureDef signature,
      Runnable onClose) {
    this.dir = dir;
    this.options = options;
    this.bundle = bundle;
    this.onClose = onClose;
    TensorInfo in = signature.getInputsMap().get(INPUT_KEY);
    if (in == null) {
      if (signature.getInputsCount() != 1) {
        throw new IllegalArgumentException(dir + ": signature '" + SIGNATURE + "' has no input '"
            + INPUT_KEY + "' but " + signature.getInputsMap().keySet());
      }
      in = signature.getInputsMap().values().iterator().next();
    }
    this.input = in;
    this.outputs = new LinkedHashMap<>(signature.getOutputsMap());
  }

  public Path directory() {
    return dir;
  }

  /** The session settings this model was loaded with. */
  public HostOptions options() {
    return options;
  }

  /** Output keys of the signature. */
  public Set<String> outputKeys() {
    return outputs.keySet();
  }

  /** The input's element type (DT_FLOAT or DT_INT32 for the zoo). */
  public DataType inputType() {
    return input.getDtype();
  }

  /** The input's shape; -1 marks a dynamic dimension (the batch, usually). */
  public long[] inputShape() {
    return input.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
  }

  /** Declared shape of an output (-1 for dynamic dimensions). */
  public long[] outputShape(String key) {
    return info(key).getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
  }

  /** Runs the model on a batch and returns the requested outputs (all when none is named). */
  public Map<String, ModelOutput> run(ModelInput batch, String... outputKeys) {
    return execute(batch, null, outputKeys).outputs();
  }

  /**
   * Runs the model once with TensorFlow's full step trace: the outputs and the per-node execution
   * times ({@code RunMetadata.step_stats}) that the model benchmark's op profile reads.
   */
  public TracedRun runTraced(ModelInput batch, String... outputKeys) {
    return execute(batch, RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build(), outputKeys);
  }

  /** The outputs of one traced call and its run metadata. */
  public record TracedRun(Map<String, ModelOutput> outputs, RunMetadata metadata) {}

  private TracedRun execute(ModelInput batch, RunOptions runOptions, String... outputKeys) {
    List<String> keys = outputKeys.length == 0 ? List.copyOf(outputs.keySet()) : List.of(outputKeys);
    checkInput(batch);
    if (closed.get()) {
      throw new IllegalStateException(dir + ": model was closed");
    }
    Session.Runner runner = bundle.session().runner();
    // Two keys may name one tensor (blazepose: heatmaps = activation_heatmap): fetch it once.
    List<String> tensors = keys.stream().map(k -> info(k).getName()).distinct().toList();
    try (Tensor in = toTensor(batch)) {
      runner.feed(input.getName(), in);
      tensors.forEach(runner::fetch);
      if (runOptions != null) {
        runner.setOptions(runOptions);
      }
      Map<String, ModelOutput> result = new LinkedHashMap<>();
      try (Result fetched = runOptions != null ? runner.runAndFetchMetadata() : runner.run()) {
        for (String key : keys) {
          result.put(key, toOutput(key, fetched.get(tensors.indexOf(info(key).getName()))));
        }
        return new TracedRun(result, fetched.getMetadata().orElse(null));
      }
    }
  }

  /** Runs the model and returns one output. */
  public ModelOutput run(ModelInput batch, String outputKey) {
    return run(batch, new String[] {outputKey}).get(outputKey);
  }

  private TensorInfo info(String key) {
    TensorInfo info = outputs.get(key);
    if (info == null) {
      throw new IllegalArgumentException(dir + ": no output '" + key + "'; outputs are " + outputs.keySet());
    }
    return info;
  }

  private void checkInput(ModelInput batch) {
    boolean wantsFloat = input.getDtype() == DataType.DT_FLOAT;
    if (wantsFloat != batch.isFloat()) {
      throw new IllegalArgumentException(dir + ": input must be " + input.getDtype() + ", got "
          + (batch.isFloat() ? "float32" : "int32") + " values");
    }
    long[] want = inputShape();
    long[] got = batch.shape();
    boolean ok = want.length == 0 || want.length == got.length;
    for (int i = 0; ok && i < want.length; i++) {
      ok = want[i] < 0 || want[i] == got[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(dir + ": input shape " + Arrays.toString(got)
          + " does not fit " + Arrays.toString(want));
    }
  }

  private static Tensor toTensor(ModelInput batch) {
    Shape shape = Shape.of(batch.shape());
    return batch.isFloat()
        ? TFloat32.tensorOf(shape, DataBuffers.of(batch.floats(), true, false))
        : TInt32.tensorOf(shape, DataBuffers.of(batch.ints(), true, false));
  }

  private static ModelOutput toOutput(String key, Tensor t) {
    long[] shape = t.shape().asArray();
    int n = Math.toIntExact(t.shape().size());
    float[] values = new float[n];
    if (t instanceof TFloat32 f) {
      f.copyTo(DataBuffers.of(values, false, false));
    } else if (t instanceof TInt32 ints) {
      int[] raw = new int[n];
      ints.copyTo(DataBuffers.of(raw, false, false));
      for (int i = 0; i < n; i++) {
        values[i] = raw[i];
      }
    } else if (t instanceof TInt64 longs) {
      long[] raw = new long[n];
      longs.copyTo(DataBuffers.of(raw, false, false));
      for (int i = 0; i < n; i++) {
        values[i] = raw[i];
      }
    } else if (t instanceof TUint8 bytes) {
      byte[] raw = new byte[n];
      bytes.copyTo(DataBuffers.of(raw, false, false));
      for (int i = 0; i < n; i++) {
        values[i] = raw[i] & 0xff;
      }
    } else {
      throw new IllegalStateException("output '" + key + "' has unsupported type " + t.dataType());
    }
    return new ModelOutput(key, values, shape);
  }

  /**
   * Closes the session and removes the model from {@link ModelHost}, whose next {@code get} loads
   * it again. Idempotent. For tests and shutdown: other threads must not be running it.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
      bundle.close();
    }
  }
}
