package posespark.models.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The practical fp32 limit of this CPU in TensorFlow: one large square {@code MatMul} (n x n times n x n,
 * 2n³ FLOPs) on a session with the models' thread settings. cpuinfo's clock misses turbo and the VM's
 * real pipe count, so the computed {@link CpuPeak} can sit below what a GEMM reaches; this rate is what
 * a convolution network can hope for at best. Holds its tensors until {@link #close()}.
 */
public final class MatMulPeak implements AutoCloseable {
  private final int n;
  private final Graph graph = new Graph();
  private final Session session;
  private final TFloat32 a;
  private final TFloat32 b;
  private final Operand<TFloat32> product;
  private final Placeholder<TFloat32> left;
  private final Placeholder<TFloat32> right;

  /** An n x n MatMul on a session built with {@code config} (thread pools as the models use them). */
  public MatMulPeak(int n, ConfigProto config) {
    this.n = n;
    Ops tf = Ops.create(graph);
    left = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
    right = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
    // A scalar out, so the timed call copies nothing large back to Java: the sum reads the product once.
    product = tf.reduceSum(tf.linalg.matMul(left, right), tf.constant(new int[] {0, 1}));
    session = new Session(graph, config);
    a = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values(n, 1), true, false));
    b = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values(n, 2), true, false));
  }

  public int size() {
    return n;
  }

  /** FLOPs of one call: 2n³ (one multiply and one add per inner-product term). */
  public double gflopsPerCall() {
    return 2.0 * n * n * n / 1e9;
  }

  /** Wall milliseconds of each of {@code iters} consecutive calls. */
  public List<Double> run(int iters) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < iters; i++) {
      long start = System.nanoTime();
      try (var result = session.runner().feed(left, a).feed(right, b).fetch(product).run()) {
        if (result.size() != 1) {
          throw new IllegalStateException("MatMul probe returned " + result.size() + " outputs");
        }
      }
      ms.add((System.nanoTime() - start) / 1e6);
    }
    return ms;
  }

  /** The sum of all elements of a x b, for checking the probe computes a real product. */
  double productSum() {
    try (var result = session.runner().feed(left, a).feed(right, b).fetch(product).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  /** GFLOP/s of a call that took {@code ms}. */
  public double gflopsAt(double ms) {
    return gflopsPerCall() / (ms / 1000);
  }

  /** The probe's operands: row-major n x n values in [-0.5, 0.5), left = seed 1, right = seed 2. */
  static float[] values(int n, long seed) {
    Random random = new Random(seed);
    float[] v = new float[n * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat() - 0.5f;
    }
    return v;
  }

  @Override
  public void close() {
    a.close();
    b.close();
    session.close();
    graph.close();
  }
}
