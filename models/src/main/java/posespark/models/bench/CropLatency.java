package posespark.models.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import posespark.models.card.ModelCard;
import posespark.models.ensemble.MemberSpec;
import posespark.models.ensemble.ModelRunner;
import posespark.models.ensemble.ZooMembers;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.ModelHost;
import posespark.models.zoo.ModelZoo;

/**
 * Per-crop model latency of pose models as the annotate job runs them: the outputs the ensemble
 * fetches, at batch {@code B}, with {@code T} TensorFlow threads (an executor's cores); the median
 * of timed rounds after one warm-up, in ms per model input. Prints {@code model<TAB>ms_per_input}
 * per model; {@code submit/bench annotate} turns these into the model-bound images/s limit.
 * Usage: {@code CropLatency BATCH THREADS ROUNDS model...}.
 */
public final class CropLatency {

  private CropLatency() {}

  public static void main(String[] args) {
    if (args.length < 4) {
      System.err.println("usage: CropLatency BATCH THREADS ROUNDS model...");
      System.exit(2);
    }
    int batch = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    for (String name : Arrays.copyOfRange(args, 3, args.length)) {
      System.out.printf(Locale.ROOT, "%s\t%.3f%n", name, msPerInput(name, batch, threads, rounds));
    }
    ModelHost.closeAll();
  }

  /** Median ms per input of {@code rounds} calls at {@code batch}. */
  public static double msPerInput(String name, int batch, int threads, int rounds) {
    Runnable call = call(name, batch, threads);
    call.run();
    double[] ms = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      call.run();
      ms[r] = (System.nanoTime() - t0) / 1e6 / batch;
    }
    Arrays.sort(ms);
    return ms[rounds / 2];
  }

  /**
   * One call of the model at {@code batch} on fixed synthetic crops, fetching the outputs the ensemble
   * fetches, its session with {@code threads} intra- and inter-op threads.
   */
  public static Runnable call(String name, int batch, int threads) {
    Path dir = ModelZoo.ensureReady(name);
    MemberSpec spec = ZooMembers.spec(ModelCard.read(dir.resolve(ModelCard.FILE_NEXT_TO_MODEL)));
    ModelRunner model = ZooMembers.runner(ModelHost.getWithSession(dir,
        HostOptions.defaults().withThreads(threads, threads)));
    List<String> keys = new ArrayList<>(List.of(spec.heatmapKey()));
    if (spec.offsets() != null) {
      keys.add(spec.offsets().key());
    }
    if (spec.centreRegression() != null) {
      keys.add(spec.centreRegression().centreKey());
      keys.add(spec.centreRegression().regressKey());
    }
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    float[] pixels = new float[batch * w * h * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 31 + i / (w * 3) * 7) % 256;
    }
    spec.scalePixels(pixels); // as MemberRunner maps crops to the model's input
    long[] shape = {batch, h, w, 3};
    return () -> model.run(pixels, spec.intInput(), shape, keys);
  }
}
