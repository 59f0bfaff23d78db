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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process answering one JSON request per line with one JSON reply per line: how the
 * benchmarks drive other runtimes (Node's tfjs-wasm, Python's PyTorch) in alternating rounds with
 * TF Java inside one run. Its stderr goes to ours.
 */
public final class JsonLineWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Predicate<JsonNode> failed;
  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;

  /**
   * @param name   the worker's name in error messages (e.g. "tfjs worker")
   * @param failed whether a reply reports a failure (its {@code error} text is then thrown)
   */
  public JsonLineWorker(String name, ProcessBuilder command, Predicate<JsonNode> failed) throws IOException {
    this.name = name;
    this.failed = failed;
    process = command.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** A new request object, {@code {"cmd": cmd}}. */
  public static ObjectNode request(String cmd) {
    return JSON.createObjectNode().put("cmd", cmd);
  }

  /** The reply's {@code ms} array: wall milliseconds of consecutive calls. */
  public static List<Double> millis(JsonNode reply) {
    List<Double> ms = new ArrayList<>();
    reply.get("ms").forEach(v -> ms.add(v.asDouble()));
    return ms;
  }

  /** Sends one request and reads its reply; a failed reply or a dead worker is an IOException. */
  public JsonNode call(ObjectNode request) throws IOException {
    in.write(JSON.writeValueAsString(request));
    in.newLine();
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IOException(name + " exited (status " + waitExit() + ") on " + request);
    }
    JsonNode reply = JSON.readTree(line);
    if (failed.test(reply)) {
      throw new IOException(name + ": " + reply.path("error").asText() + " (request " + request + ")");
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

  /** Closes its input (the worker's signal to exit) and waits a while before ending it. */
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
