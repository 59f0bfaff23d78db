package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceProfile;
import org.junit.jupiter.api.Test;

/** Which resource profile the inference stage gets from the spark.posespark.inference.* settings. */
class InferenceResourcesTest {

  private static SparkConf cluster() {
    return new SparkConf(false).set("spark.master", "spark://127.0.0.1:7077")
        .set(InferenceResources.EXECUTOR_GPUS, "1").set(InferenceResources.TASK_GPUS, "0.5");
  }

  @Test
  void withoutTheSettingsEveryStageKeepsTheDefaultResources() {
    assertThat(InferenceResources.profile(new SparkConf(false).set("spark.master",
        "spark://127.0.0.1:7077"))).isEmpty();
  }

  @Test
  void aLocalMasterIgnoresThem() {
    assertThat(InferenceResources.profile(cluster().set("spark.master", "local[2]"))).isEmpty();
  }

  @Test
  void dynamicAllocationGivesTheStageItsOwnGpuExecutors() {
    ResourceProfile p = InferenceResources.profile(cluster()
        .set("spark.dynamicAllocation.enabled", "true")
        .set(InferenceResources.EXECUTOR_CORES, "2")
        .set(InferenceResources.DISCOVERY, "/opt/posespark/conf/gpu-discovery.sh")).orElseThrow();
    assertThat(p.executorResourcesJMap().get("gpu").amount()).isEqualTo(1);
    assertThat(p.executorResourcesJMap().get("gpu").discoveryScript())
        .isEqualTo("/opt/posespark/conf/gpu-discovery.sh");
    assertThat(p.executorResourcesJMap().get("cores").amount()).isEqualTo(2);
    assertThat(p.taskResourcesJMap().get("gpu").amount()).isEqualTo(0.5);
  }

  @Test
  void withoutDynamicAllocationOnlyTheTasksAskForGpus() {
    ResourceProfile p = InferenceResources.profile(cluster()).orElseThrow();
    assertThat(p.executorResourcesJMap()).as("executor resources").isEmpty();
    assertThat(p.taskResourcesJMap().get("gpu").amount()).isEqualTo(0.5);
  }

  @Test
  void aTaskCannotAskForMoreThanItsExecutorHas() {
    assertThatThrownBy(() -> InferenceResources.profile(cluster()
        .set(InferenceResources.TASK_GPUS, "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(InferenceResources.TASK_GPUS);
  }
}
