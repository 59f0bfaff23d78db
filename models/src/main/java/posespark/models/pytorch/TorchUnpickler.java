package posespark.models.pytorch;

import java.util.Locale;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the object graph of a {@code torch.save} file: tensors become {@link TensorRef}s that
 * point at storages (persistent ids), {@code OrderedDict}s become {@link PickledDict}s. No Python
 * object other than these few torch/collections globals is accepted as a callable, so a malicious
 * checkpoint cannot make the reader do anything but fail.
 */
final class TorchUnpickler extends Unpickler {

  static {
    registerConstructor("collections", "OrderedDict", args -> new PickledDict());
    registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchUnpickler::rebuildTensor);
    registerConstructor("torch._utils", "_rebuild_tensor", TorchUnpickler::rebuildTensor);
    registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
    for (StorageType type : StorageType.values()) {
      registerConstructor("torch", type.className(), new StorageTypeMarker(type));
    }
  }

  /** The class object {@code torch.FloatStorage} etc.: only ever used as a type tag in persistent ids. */
  record StorageTypeMarker(StorageType type) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("a checkpoint may not construct " + type.className() + " directly");
    }
  }

  /** A tensor view over a storage, as {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)} describes it. */
  record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
  }

  /** Storages named by the pickle so far, by key (the legacy format needs their types to find their bytes). */
  final java.util.Map<String, StorageRef> storages = new java.util.LinkedHashMap<>();

  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] tuple) || tuple.length < 5 || !"storage".equals(tuple[0])) {
      throw new PickleException("unsupported persistent id in checkpoint: " + describe(pid));
    }
    if (!(tuple[1] instanceof StorageTypeMarker marker)) {
      throw new PickleException("unsupported storage type in checkpoint: " + describe(tuple[1]));
    }
    if (tuple.length > 5 && tuple[5] != null) {
      throw new PickleException("storage views of pre-1.0 PyTorch checkpoints are not supported (storage "
          + tuple[2] + "); re-save the state_dict with a current PyTorch");
    }
    StorageRef ref = new StorageRef(String.valueOf(tuple[2]), marker.type(), ((Number) tuple[4]).longValue());
    storages.put(ref.key(), ref);
    return ref;
  }

  private static Object rebuildTensor(Object[] args) {
    if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
      throw new PickleException("unexpected tensor arguments in checkpoint: " + describe(args));
    }
    return new TensorRef(storage, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
  }

  private static long[] longs(Object tuple) {
    Object[] items = (Object[]) tuple;
    long[] out = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      out[i] = ((Number) items[i]).longValue();
    }
    return out;
  }

  private static String describe(Object o) {
    if (o instanceof Object[] items) {
      return java.util.Arrays.deepToString(items);
    }
    return o == null ? "None" : o.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + o;
  }
}
