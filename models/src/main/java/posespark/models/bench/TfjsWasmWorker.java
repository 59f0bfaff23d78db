package posespark.models.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tfjs-wasm side of the model benchmark: a {@code node bench-worker.mjs} child process driven with
 * one JSON request per line, so TF Java and tfjs-wasm runs of a model alternate within one benchmark.
 */
public final class TfjsWasmWorker implements AutoCloseable {
  private final JsonLineWorker worker;

  /**
   * Starts the worker in {@code nodeDir} (holding bench-worker.mjs and its node_modules), reading the
   * model files from {@code packageDir} (the unpacked npm package: {@code packageDir/models/*.json}).
   */
  public TfjsWasmWorker(String node, Path nodeDir, Path packageDir) throws IOException {
    Path script = nodeDir.resolve("bench-worker.mjs");
    if (!Files.isRegularFile(script)) {
      throw new IOException(script + ": missing");
    }
    if (!Files.isDirectory(nodeDir.resolve("node_modules/@tensorflow/tfjs-backend-wasm"))) {
      throw new IOException(nodeDir + ": node_modules missing; run `npm ci` there");
    }
    ProcessBuilder pb = new ProcessBuilder(node, script.toString()).directory(nodeDir.toFile());
    pb.environment().put("HUMAN_MODELS_DIR", packageDir.toString());
    worker = new JsonLineWorker("tfjs worker", pb, reply -> !reply.path("ok").asBoolean());
  }

  /** tfjs version, backend, threads and SIMD as the worker reports them. */
  public JsonNode info() throws IOException {
    return worker.call(JsonLineWorker.request("info"));
  }

  /** Loads a model for a batch size, fetching the given graph tensors; runs it once. */
  public void load(String model, int batch, List<String> fetch) throws IOException {
    ObjectNode req = JsonLineWorker.request("load").put("model", model).put("batch", batch);
    fetch.forEach(req.putArray("fetch")::add);
    worker.call(req);
  }

  /** Wall milliseconds of {@code iters} consecutive inference calls. */
  public List<Double> run(String model, int batch, int iters) throws IOException {
    return JsonLineWorker.millis(worker.call(JsonLineWorker.request("run").put("model", model).put("batch", batch)
        .put("iters", iters)));
  }

  public void unload(String model, int batch) throws IOException {
    worker.call(JsonLineWorker.request("unload").put("model", model).put("batch", batch));
  }

  @Override
  public void close() {
    worker.close();
  }
}
