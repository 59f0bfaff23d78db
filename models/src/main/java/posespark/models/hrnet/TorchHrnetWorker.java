package posespark.models.hrnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import posespark.models.bench.JsonLineWorker;

/**
 * The PyTorch side of the HRNet benchmark: a {@code python3 hrnet_torch_worker.py} child process (the
 * committed reference HRNet) driven with one JSON request per line, so TF Java and PyTorch rounds
 * alternate within one run on the same weights and thread count.
 */
public final class TorchHrnetWorker implements AutoCloseable {
  private final JsonLineWorker worker;

  /** Starts {@code python script --threads threads}; the script imports hrnet_reference.py next to it. */
  public TorchHrnetWorker(String python, Path script, int threads) throws IOException {
    if (!Files.isRegularFile(script)) {
      throw new IOException(script + ": missing");
    }
    ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--threads", Integer.toString(threads));
    // OpenMP threads that spin at barriers wait for a descheduled sibling on a busy machine: measured
    // 15x slower (W32 batch 1: ~30 s vs ~2 s at load average 30 on 2 cores). Sleeping waits unless the
    // caller chose otherwise.
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    worker = new JsonLineWorker("PyTorch worker", pb, reply -> reply.has("error"));
  }

  /** torch version and thread counts as the worker reports them. */
  public JsonNode info() throws IOException {
    return worker.call(JsonLineWorker.request("info"));
  }

  /** Builds the reference model with random weights (seeded), saves its state_dict to {@code checkpoint}. */
  public void saveRandomModel(HrnetConfig config, long seed, Path checkpoint) throws IOException {
    worker.call(JsonLineWorker.request("save").put("width", config.width())
        .put("input", config.inputHeight() + "x" + config.inputWidth()).put("seed", seed)
        .put("checkpoint", checkpoint.toString()));
  }

  /** PyTorch's heatmaps (NHWC) for NHWC float32 pixels of {@code batch} images, through a scratch folder. */
  public float[] heatmaps(float[] pixels, int batch, Path scratch) throws IOException {
    Path input = scratch.resolve("torch-input.f32");
    Path output = scratch.resolve("torch-heatmaps.f32");
    ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(pixels);
    Files.write(input, bytes.array());
    worker.call(JsonLineWorker.request("heatmaps").put("batch", batch).put("input_f32", input.toString())
        .put("out_f32", output.toString()));
    ByteBuffer result = ByteBuffer.wrap(Files.readAllBytes(output)).order(ByteOrder.LITTLE_ENDIAN);
    float[] heatmaps = new float[result.remaining() / 4];
    result.asFloatBuffer().get(heatmaps);
    Files.delete(input);
    Files.delete(output);
    return heatmaps;
  }

  /** Wall milliseconds of {@code iters} consecutive calls of variant {@code eager} or {@code script}. */
  public List<Double> run(String variant, int batch, int iters) throws IOException {
    return JsonLineWorker.millis(worker.call(JsonLineWorker.request("run").put("variant", variant)
        .put("batch", batch).put("iters", iters)));
  }

  @Override
  public void close() {
    worker.close();
  }
}
