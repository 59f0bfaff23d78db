package posespark.models.pytorch;

import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * A Python {@code OrderedDict} as unpickled. State dicts carry an attribute ({@code _metadata}:
 * module versions) that the pickle restores through {@code __setstate__}; it does not affect the
 * tensors and is dropped. Public because Pyrolite calls {@code __setstate__} reflectively.
 */
public final class PickledDict extends LinkedHashMap<Object, Object> {
  private static final long serialVersionUID = 1L;

  /** Called by the unpickler's BUILD opcode with the object's attributes; they are not needed. */
  public void __setstate__(HashMap<?, ?> state) {
    // Attributes such as _metadata do not affect the tensors.
  }
}
