package posespark.models.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tfjs-wasm side of the model benchmark: a {@code node bench-worker.mjs} child process driven with
 * one JSON request per line, so TF Java and tfjs-wasm runs of a model alternate within one benchmark.
 */
public final class TfjsWasmWorker implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;

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
    ProcessBuilder pb = new ProcessBuilder(node, script.toString()).directory(nodeDir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("HUMAN_MODELS_DIR", packageDir.toString());
    process = pb.start();
    in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** tfjs version, backend, threads and SIMD as the worker reports them. */
  public JsonNode info() throws IOException {
    return call(JSON.createObjectNode().put("cmd", "info"));
  }

  /** Loads a model for a batch size, fetching the given graph tensors; runs it once. */
  public void load(String model, int batch, List<String> fetch) throws IOException {
    ObjectNode req = JSON.createObjectNode().put("cmd", "load").put("model", model).put("batch", batch);
    fetch.forEach(req.putArray("fetch")::add);
    call(req);
  }

  /** Wall milliseconds of {@code iters} consecutive inference calls. */
  public List<Double> run(String model, int batch, int iters) throws IOException {
    JsonNode reply = call(JSON.createObjectNode().put("cmd", "run").put("model", model).put("batch", batch)
        .put("iters", iters));
    List<Double> ms = new ArrayList<>();
    reply.get("ms").forEach(v -> ms.add(v.asDouble()));
    return ms;
  }

  public void unload(String model, int batch) throws IOException {
    call(JSON.createObjectNode().put("cmd", "unload").put("model", model).put("batch", batch));
  }

  private JsonNode call(ObjectNode request) throws IOException {
    in.write(JSON.writeValueAsString(request));
    in.newLine();
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IOException("tfjs worker exited (status " + waitExit() + ") on " + request);
    }
    JsonNode reply = JSON.readTree(line);
    if (!reply.path("ok").asBoolean()) {
      throw new IOException("tfjs worker: " + reply.path("error").asText() + " (request " + request + ")");
    }
    return reply;
  }

  private int waitExit() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    try {
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (IOException | InterruptedException e) {
      process.destroy();
    }
  }
}
