package posespark.models.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hand-written TFJS graph model: y = Reshape(Relu(x · W + b), [-1, 2]) with W stored as float16,
 * b as uint8-quantized float32 and the Reshape's shape as an int64 Const stored as int32 (as the
 * TFJS converter writes it). For x = [1, 2]: x·W = [2, -1.5], + b = [2.5, -2.5], Relu → [2.5, 0].
 */
final class TinyTfjsModel {
  static final String JSON = """
      {
        "format": "graph-model",
        "generatedBy": "hand-written test fixture",
        "convertedBy": "posespark test",
        "modelTopology": {
          "node": [
            {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"},
              "shape": {"shape": {"dim": [{"size": "-1"}, {"size": "2"}]}}}},
            {"name": "w", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
              "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "2"}, {"size": "2"}]}}}}},
            {"name": "b", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"},
              "value": {"tensor": {"dtype": "DT_FLOAT", "tensorShape": {"dim": [{"size": "2"}]}}}}},
            {"name": "shape", "op": "Const", "attr": {"dtype": {"type": "DT_INT64"},
              "value": {"tensor": {"dtype": "DT_INT64", "tensorShape": {"dim": [{"size": "2"}]}}}}},
            {"name": "dense/Relu", "op": "_FusedMatMul", "input": ["x", "w", "b"], "device": "/device:CPU:0",
              "attr": {"T": {"type": "DT_FLOAT"}, "num_args": {"i": "1"}, "transpose_a": {"b": false},
                "transpose_b": {"b": false}, "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdQ=="]}},
                "epsilon": {"f": 0}}},
            {"name": "y", "op": "Reshape", "input": ["dense/Relu", "shape"],
              "attr": {"T": {"type": "DT_FLOAT"}, "Tshape": {"type": "DT_INT64"}}}
          ],
          "library": {}, "versions": {}
        },
        "weightsManifest": [{
          "paths": ["tiny.bin"],
          "weights": [
            {"name": "w", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "float16"}},
            {"name": "b", "shape": [2], "dtype": "float32",
              "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.5}},
            {"name": "shape", "shape": [2], "dtype": "int32"}
          ]
        }]
      }
      """;

  /** Bytes of tiny.bin: W as float16 [1, -2, 0.5, 0.25], b as uint8 [3, 0] (→ 0.5, -1), shape [-1, 2]. */
  static byte[] bin() {
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800).putShort((short) 0x3400);
    b.put((byte) 3).put((byte) 0);
    b.putInt(-1).putInt(2);
    return b.array();
  }

  static int binLength() {
    return bin().length;
  }

  /** Writes tiny.json and tiny.bin into {@code dir}; returns the json path. */
  static Path write(Path dir) throws IOException {
    Files.writeString(dir.resolve("tiny.json"), JSON);
    Files.write(dir.resolve("tiny.bin"), bin());
    return dir.resolve("tiny.json");
  }

  static ConversionRecipe recipe() {
    return ConversionRecipe.builder("x").output("y", "y").build();
  }

  private TinyTfjsModel() {}
}
