package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.samples.SamplePhotos;

/** A nightly increment with the packaged defaults: zoo detector and ensemble on real photos. */
class RealModelsNightlyTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  Path tmp;

  @Test
  void secondNightAnnotatesOnlyTheNewPhotoWithTheDefaultModels() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Path out = tmp.resolve("tables");
    Path conf = Files.writeString(tmp.resolve("default.conf"), "# the packaged defaults\n");
    Files.copy(SamplePhotos.get(SamplePhotos.MESSI), photos.resolve("messi5.jpg"));
    String[] args = {"--input", photos.toString(), "--output", out.toString(), "--dataset",
        "football", "--conf", conf.toString()};

    NightlyRuns.Outcome first = NightlyRuns.run(args);
    assertThat(first.code()).as(first.lastLine() + "\n" + first.err()).isZero();
    assertThat(first.lastLine()).contains("new=1 known=0 changed=0; annotated 1 images (1 ok");

    Files.copy(SamplePhotos.get(SamplePhotos.ASTRONAUT), photos.resolve("astronaut.png"));
    NightlyRuns.Outcome second = NightlyRuns.run(args);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.lastLine()).contains("new=1 known=1 changed=0; annotated 1 images (1 ok");

    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {images} WHERE status = 'ok'"))
        .isEqualTo(2);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(DISTINCT run_id) FROM {images}"))
        .as("one run per photo").isEqualTo(2);
    // As RealPipelineAnnotateTest: on the 512×512 photo her nose is near (222, 127).
    assertThat(NightlyRuns.duckCount(out, "SELECT count(*) FROM {poses} "
        + "WHERE uri LIKE '%astronaut.png' AND pose_score > 0.2 "
        + "AND keypoints[1].x BETWEEN 190 AND 255 AND keypoints[1].y BETWEEN 95 AND 160"))
        .as("the astronaut found by the detector, nose on her face").isGreaterThanOrEqualTo(1);
    assertThat(NightlyRuns.duckCount(out, "SELECT count(DISTINCT models) FROM {poses}"))
        .isEqualTo(1);
  }
}
