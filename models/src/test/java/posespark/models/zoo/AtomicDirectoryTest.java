package posespark.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicDirectoryTest {
  @TempDir
  Path dir;

  @Test
  void aFailureHalfwayLeavesNeitherTargetNorTempFolder() throws IOException {
    Path target = dir.resolve("models/movenet-thunder");
    assertThatThrownBy(() -> AtomicDirectory.publish(target, tmp -> {
      Files.writeString(tmp.resolve("saved_model.pb"), "half");
      throw new IOException("disk full (simulated)");
    })).hasMessageContaining("disk full");
    assertThat(target).doesNotExist();
    try (var left = Files.list(target.getParent())) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void aCompleteFolderReplacesAnOlderOne() throws IOException {
    Path target = dir.resolve("m");
    AtomicDirectory.publish(target, tmp -> Files.writeString(tmp.resolve("v"), "1"));
    AtomicDirectory.publish(target, tmp -> Files.writeString(tmp.resolve("v"), "2"));
    assertThat(Files.readString(target.resolve("v"))).isEqualTo("2");
    try (var left = Files.list(dir)) {
      assertThat(left.toList()).containsExactly(target);
    }
  }
}
