package posespark.models.parity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The TFJS reference outputs under test resources {@code parity/}: written by
 * {@code models/src/test/node/goldens.mjs} (tfjs-core 4.22.0, cpu backend, float32) from the npm
 * package's own model files. {@code index.json} names every compared tensor; each case's values are one
 * gzip'd float32 little-endian file in which tensor {@code t} occupies {@code t.count} floats from byte
 * {@code t.offset}: elements {@code 0, stride, 2*stride, ...} of the row-major tensor.
 */
final class ParityGoldens {
  static final String ROOT = "/parity/";

  /** How the TFJS graph takes its input; p*scale+offset maps a uint8 pixel to a float input. */
  record InputSpec(String node, String dtype, int size, String layout, double scale, double offset) {}

  /** Which image a case feeds: the committed photo crop or xorshift noise with a seed. */
  record CaseInput(String kind, String file, Long seed) {}

  /**
   * One compared tensor: mean and maxAbs are over the full tensor, even when only a stride is kept;
   * logitMaxAbs, for a sigmoid output compared in logit space, the largest |logit| (null otherwise).
   */
  record Tensor(String key, String node, String dtype, long[] shape, int stride, int count, long offset,
      double mean, double maxAbs, Double logitMaxAbs) {
    long size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  /**
   * One person as goldens.mjs decodes MoveNet-multipose's output on its own: score, box (x, y, w, h)
   * and keypoints (x, y, score), input pixels.
   */
  record GoldenPerson(double score, double[] box, double[][] keypoints) {}

  /** persons: the generator's own decoding (multipose models only, else null). */
  record Case(String id, CaseInput input, String file, List<Tensor> tensors, List<GoldenPerson> persons) {}

  record Model(String name, InputSpec input, List<Case> cases) {
    Case caseNamed(String id) {
      return cases.stream().filter(c -> c.id().equals(id)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(name + ": no golden case '" + id + "'"));
    }
  }

  record Index(String generator, String tfjs, String backend, int photoSide, List<Model> models) {
    Model model(String name) {
      return models.stream().filter(m -> m.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no goldens for model '" + name + "'"));
    }
  }

  private ParityGoldens() {}

  static Index index() {
    ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    try (InputStream in = open("index.json")) {
      return json.readValue(in, Index.class);
    } catch (IOException e) {
      throw new UncheckedIOException(ROOT + "index.json: " + e.getMessage(), e);
    }
  }

  /** The kept (strided) golden values of one tensor of a case. */
  static float[] values(Case c, Tensor t) {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(open(c.file())))) {
      in.skipNBytes(t.offset());
      byte[] raw = new byte[t.count() * Float.BYTES];
      in.readFully(raw);
      float[] out = new float[t.count()];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(ROOT + c.file() + ": " + e.getMessage(), e);
    }
  }

  static byte[] resourceBytes(String file) {
    try (InputStream in = open(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(ROOT + file + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(String file) throws IOException {
    InputStream in = ParityGoldens.class.getResourceAsStream(ROOT + file);
    if (in == null) {
      throw new IOException("test resource missing (regenerate with models/src/test/node/goldens.mjs)");
    }
    return in;
  }
}
