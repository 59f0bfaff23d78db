package posespark.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import posespark.models.tfjs.SavedModelWriter;

class OpAllowlistTest {
  @TempDir
  Path dir;

  private static NodeDef stringConst(String name, String value) {
    TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
        .setTensorShape(TensorShapeProto.getDefaultInstance()).addStringVal(ByteString.copyFromUtf8(value)).build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
  }

  private static NodeDef placeholder(String name) {
    return NodeDef.newBuilder().setName(name).setOp("Placeholder")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
  }

  private static NodeDef identity(String name, String input, String... control) {
    NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp("Identity").addInput(input)
        .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build());
    for (String c : control) {
      b.addInput("^" + c);
    }
    return b.build();
  }

  @Test
  void readFileIsRefusedNamingOpAndNode() {
    GraphDef g = GraphDef.newBuilder().addNode(stringConst("path", "/etc/passwd"))
        .addNode(NodeDef.newBuilder().setName("steal/read").setOp("ReadFile").addInput("path")).build();
    assertThatThrownBy(() -> OpAllowlist.check(g, "model-x"))
        .isInstanceOf(UnsafeGraphException.class)
        .hasMessageContaining("model-x").hasMessageContaining("'ReadFile'").hasMessageContaining("'steal/read'");
  }

  @Test
  void writeFileInsideAFunctionIsRefusedNamingTheFunction() {
    FunctionDef f = FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName("sneaky"))
        .addNodeDef(NodeDef.newBuilder().setName("w").setOp("WriteFile")).build();
    GraphDef g = GraphDef.newBuilder().addNode(placeholder("x"))
        .setLibrary(FunctionDefLibrary.newBuilder().addFunction(f)).build();
    assertThatThrownBy(() -> OpAllowlist.check(g, "m"))
        .isInstanceOf(UnsafeGraphException.class).hasMessageContaining("'WriteFile'")
        .hasMessageContaining("function 'sneaky'");
  }

  @Test
  void modelHostRefusesASavedModelWithWriteFileBeforeAnythingRuns() {
    Path victim = dir.resolve("written-by-model.txt");
    GraphDef g = GraphDef.newBuilder().addNode(placeholder("x"))
        .addNode(stringConst("evil/path", victim.toString())).addNode(stringConst("evil/text", "pwned"))
        .addNode(NodeDef.newBuilder().setName("evil/write").setOp("WriteFile")
            .addInput("evil/path").addInput("evil/text"))
        .addNode(identity("y", "x", "evil/write")).build();
    Path model = dir.resolve("evil-model");
    SavedModelWriter.write(g, "x", Map.of("y", "y"), model);
    assertThatThrownBy(() -> ModelHost.get(model))
        .isInstanceOf(UnsafeGraphException.class)
        .hasMessageContaining("'WriteFile'").hasMessageContaining("'evil/write'");
    assertThat(Files.exists(victim)).isFalse();
  }

  @Test
  void checkpointOpsAreAcceptedOnlyInTheSaverSubgraph() {
    GraphDef.Builder g = GraphDef.newBuilder().addNode(placeholder("x")).addNode(identity("y", "x"))
        .addNode(stringConst("save/Const", "model"))
        .addNode(NodeDef.newBuilder().setName("save/RestoreV2").setOp("RestoreV2").addInput("save/Const"))
        .addNode(NodeDef.newBuilder().setName("save/restore_all").setOp("NoOp").addInput("^save/RestoreV2"));
    SaverDef saver = SaverDef.newBuilder().setFilenameTensorName("save/Const:0")
        .setRestoreOpName("save/restore_all").build();
    MetaGraphDef withSaver = MetaGraphDef.newBuilder().setGraphDef(g).setSaverDef(saver).build();
    assertThatCode(() -> OpAllowlist.check(withSaver, "m")).doesNotThrowAnyException();

    MetaGraphDef withoutSaver = MetaGraphDef.newBuilder().setGraphDef(g).build();
    assertThatThrownBy(() -> OpAllowlist.check(withoutSaver, "m"))
        .isInstanceOf(UnsafeGraphException.class).hasMessageContaining("'RestoreV2'")
        .hasMessageContaining("outside the loader's saver subgraph");
  }

  @Test
  void standardInferenceOpsPass() {
    assertThat(OpAllowlist.allows("Conv2D")).isTrue();
    assertThat(OpAllowlist.allows("DepthwiseConv2dNative")).isTrue();
    assertThat(OpAllowlist.allows("PyFunc")).isFalse();
    assertThat(OpAllowlist.allows("MatchingFiles")).isFalse();
    assertThat(OpAllowlist.allows("ImmutableConst")).isFalse();
  }
}
