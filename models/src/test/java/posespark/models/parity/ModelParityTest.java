package posespark.models.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelOutput;

/**
 * Numerical parity of every converted zoo model with TFJS: the same input through the SavedModel
 * (TensorFlow Java) and through the original graph model (tfjs 4.22.0 cpu backend, goldens committed
 * under test resources parity/) gives every graph output and heatmap tap within {@link ParityTolerance}.
 */
class ModelParityTest {
  private static final Logger LOG = LoggerFactory.getLogger(ModelParityTest.class);
  private static final ParityGoldens.Index INDEX = ParityGoldens.index();

  static Stream<Arguments> modelsAndInputs() {
    return INDEX.models().stream()
        .flatMap(m -> m.cases().stream().map(c -> Arguments.of(m.name(), c.id())));
  }

  @AfterAll
  static void closeModels() {
    ModelHost.closeAll();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("modelsAndInputs")
  void convertedModelMatchesTfjsOnEveryOutput(String model, String caseId) {
    ConvertedModelRun run = new ConvertedModelRun(model, INDEX);
    ParityGoldens.Case c = run.goldens.caseNamed(caseId);
    Map<ParityGoldens.Tensor, String> keys = run.keysFor(c);
    Map<String, ModelOutput> outputs = run.run(run.input(List.of(run.image(c))), keys.values().stream().distinct().toList());

    List<String> failures = new ArrayList<>();
    keys.forEach((golden, key) -> {
      ModelOutput out = outputs.get(key);
      assertThat(out.shape()).as("%s %s shape", model, key).containsExactly(golden.shape());
      TensorComparison cmp = TensorComparison.of(golden, ParityGoldens.values(c, golden), out.data(),
          ParityTolerance.DEFAULT);
      LOG.info("parity {} {} {}", model, caseId, cmp);
      if (!cmp.withinTolerance()) {
        failures.add(cmp.toString());
      }
    });
    assertThat(failures).as("%s on %s: outputs outside tolerance", model, caseId).isEmpty();
  }
}
