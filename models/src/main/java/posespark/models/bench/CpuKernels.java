package posespark.models.bench;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetRegisteredKernelsForOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.KernelDef;
import org.tensorflow.proto.KernelList;

/**
 * The CPU kernels the loaded TensorFlow library registers for an op, as its kernel registry lists them
 * (type constraints and label). An op whose list is empty cannot run on this build's CPU.
 */
public final class CpuKernels {
  private CpuKernels() {}

  /** One line per registered CPU kernel of {@code op}, e.g. "Tinput=quint8 Tfilter=qint8"; empty when none. */
  public static List<String> of(String op) {
    TensorFlow.version(); // loads the native library
    try (TF_Status status = TF_Status.newStatus()) {
      TF_Buffer buffer = TF_GetRegisteredKernelsForOp(op, status);
      try {
        if (TF_GetCode(status) != TF_OK) {
          throw new IllegalStateException("kernel registry of " + op + ": " + TF_Message(status).getString());
        }
        KernelList kernels = KernelList.parseFrom(buffer.dataAsByteBuffer());
        List<String> lines = new ArrayList<>();
        for (KernelDef k : kernels.getKernelList()) {
          if (k.getDeviceType().equals("CPU")) {
            lines.add(describe(k));
          }
        }
        return lines;
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException("kernel registry of " + op + " unreadable", e);
      } finally {
        TF_DeleteBuffer(buffer);
      }
    }
  }

  private static String describe(KernelDef k) {
    String constraints = k.getConstraintList().stream()
        .map(c -> c.getName() + "=" + c.getAllowedValues().getList().getTypeList().stream()
            .map(CpuKernels::typeName).collect(Collectors.joining("|")))
        .collect(Collectors.joining(" "));
    return k.getLabel().isEmpty() ? constraints : constraints + " (label " + k.getLabel() + ")";
  }

  /** DT_QUINT8 -> quint8. */
  static String typeName(DataType t) {
    return t.name().replaceFirst("^DT_", "").toLowerCase(Locale.ROOT);
  }
}
