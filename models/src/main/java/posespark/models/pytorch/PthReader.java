package posespark.models.pytorch;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;
import posespark.models.pytorch.TorchUnpickler.TensorRef;

/**
 * Reads the tensors of a PyTorch checkpoint ({@code torch.save} of a state dict) without Python.
 *
 * <p>Both on-disk formats are read: the zip format of PyTorch 1.6 and later ({@code <name>/data.pkl}
 * plus one raw little-endian entry {@code <name>/data/<key>} per storage) and the legacy stream
 * format of earlier releases (pickled magic number, protocol and system info, the pickled object, the
 * sorted storage keys, then each storage as an int64 element count followed by its raw bytes). A
 * state dict wrapped as {@code {"state_dict": ...}} (training checkpoints) is unwrapped.
 */
public final class PthReader {
  private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

  private final Path file;
  private final Map<String, ByteBuffer> storages = new HashMap<>();

  private PthReader(Path file) {
    this.file = file;
  }

  /**
   * All tensors of the checkpoint's state dict keyed by their state-dict names (in no particular
   * order: Pyrolite collects dict items through a hash map). Entries that are not tensors are skipped.
   */
  public static Map<String, TorchTensor> readStateDict(Path file) throws IOException {
    return new PthReader(file).read();
  }

  private Map<String, TorchTensor> read() throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such checkpoint file");
    }
    Object root;
    try {
      root = isZip() ? readZip() : readLegacy();
    } catch (PickleException | ClassCastException e) {
      throw new IOException(file + ": not a readable PyTorch checkpoint: " + e.getMessage(), e);
    } catch (java.io.EOFException e) {
      throw new IOException(file + ": truncated checkpoint (ends before all tensors are read)", e);
    }
    Map<?, ?> dict = unwrap(root);
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (e.getValue() instanceof TensorRef ref) {
        String name = String.valueOf(e.getKey());
        tensors.put(name, materialise(name, ref));
      }
    }
    if (tensors.isEmpty()) {
      throw new IOException(file + ": no tensors found; expected a state_dict saved with torch.save");
    }
    return tensors;
  }

  private boolean isZip() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      if (head.length == 2 && head[0] == 'P' && head[1] == 'K') {
        return true;
      }
      if (head.length == 2 && (head[0] & 0xff) == 0x80) {
        return false;
      }
    }
    throw new IOException(file + ": not a PyTorch checkpoint (neither the zip format nor the legacy pickle format)");
  }

  private Object readZip() throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry pkl = zip.stream()
          .filter(e -> e.getName().endsWith("/data.pkl") || e.getName().equals("data.pkl")).findFirst()
          .orElseThrow(() -> new IOException(file + ": zip file without data.pkl is not a PyTorch checkpoint"));
      String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
      TorchUnpickler unpickler = new TorchUnpickler();
      Object root;
      try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl))) {
        root = unpickler.load(in);
      }
      for (StorageRef ref : unpickler.storages.values()) {
        ZipEntry entry = zip.getEntry(prefix + "data/" + ref.key());
        if (entry == null) {
          throw new IOException(file + ": storage entry " + prefix + "data/" + ref.key() + " is missing");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          storages.put(ref.key(), littleEndian(ref, in.readNBytes(byteLength(ref))));
        }
      }
      return root;
    }
  }

  private Object readLegacy() throws IOException {
    // One buffered stream for everything: the pickles are read one after the other, then the raw data.
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream data = new DataInputStream(in)) {
      if (!LEGACY_MAGIC.equals(toBigInteger(new TorchUnpickler().load(in)))) {
        throw new IOException(file + ": a pickle without PyTorch's magic number is not a checkpoint");
      }
      new TorchUnpickler().load(in); // protocol version
      new TorchUnpickler().load(in); // system info (endianness, type sizes)
      TorchUnpickler unpickler = new TorchUnpickler();
      Object root = unpickler.load(in);
      List<?> keys = (List<?>) new TorchUnpickler().load(in);
      for (Object key : keys) {
        StorageRef ref = unpickler.storages.get(String.valueOf(key));
        long numel = Long.reverseBytes(data.readLong());
        if (ref == null || numel != ref.numel()) {
          throw new IOException(file + ": storage " + key + " in the data section does not match the pickle");
        }
        storages.put(ref.key(), littleEndian(ref, data.readNBytes(byteLength(ref))));
      }
      return root;
    }
  }

  private static BigInteger toBigInteger(Object o) {
    if (o instanceof BigInteger b) {
      return b;
    }
    return o instanceof Number n ? BigInteger.valueOf(n.longValue()) : BigInteger.ZERO;
  }

  private int byteLength(StorageRef ref) throws IOException {
    long length = ref.numel() * ref.type().elementSize;
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw new IOException(file + ": storage " + ref.key() + " is larger than 2 GiB");
    }
    return (int) length;
  }

  private ByteBuffer littleEndian(StorageRef ref, byte[] bytes) throws IOException {
    if (bytes.length != byteLength(ref)) {
      throw new IOException(file + ": storage " + ref.key() + " is truncated");
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private Map<?, ?> unwrap(Object root) throws IOException {
    if (!(root instanceof Map<?, ?> dict)) {
      throw new IOException(file + ": the checkpoint holds a " + (root == null ? "None" : root.getClass().getSimpleName())
          + ", not a state_dict (save model.state_dict(), not the model object)");
    }
    if (dict.get("state_dict") instanceof Map<?, ?> inner) {
      return inner;
    }
    return dict;
  }

  private static boolean isContiguous(long[] shape, long[] stride) {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  /** Gathers a (possibly strided, offset) view of a storage into contiguous row-major floats. */
  private TorchTensor materialise(String name, TensorRef ref) throws IOException {
    ByteBuffer bytes = storages.get(ref.storage().key());
    StorageType type = ref.storage().type();
    long[] shape = ref.size();
    long[] stride = ref.stride();
    long numel = TorchTensor.numel(shape);
    if (numel > Integer.MAX_VALUE) {
      throw new IOException(file + ": tensor " + name + " is too large (" + numel + " elements)");
    }
    if (numel > 0) {
      long last = ref.offset();
      for (int d = 0; d < shape.length; d++) {
        last += (shape[d] - 1) * stride[d];
      }
      if (ref.offset() < 0 || last >= bytes.capacity() / type.elementSize) {
        throw new IOException(file + ": tensor " + name + " reaches past the end of its storage " + ref.storage().key());
      }
    }
    float[] out = new float[(int) numel];
    if (type == StorageType.FLOAT && isContiguous(shape, stride)) {
      bytes.asFloatBuffer().get((int) ref.offset(), out); // the common case: one bulk copy
      return new TorchTensor(type.dtype, shape, out);
    }
    int[] index = new int[shape.length];
    for (int i = 0; i < out.length; i++) {
      long at = ref.offset();
      for (int d = 0; d < shape.length; d++) {
        at += index[d] * stride[d];
      }
      out[i] = type.read(bytes, (int) at);
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
    return new TorchTensor(type.dtype, shape, out);
  }
}
