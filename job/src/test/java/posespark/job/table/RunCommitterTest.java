package posespark.job.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit moves a staged run partition into the table, in the way the file system allows. */
class RunCommitterTest {

  private static final String PARTITION = "dataset=d/run_date=2024-01-02/run_id=r1";

  @TempDir
  Path tmp;

  private RunCommitter committer(String atomicRename) {
    Configuration conf = new Configuration();
    if (atomicRename != null) {
      conf.set(CommitMode.ATOMIC_RENAME_KEY, atomicRename);
    }
    return new RunCommitter(conf, tmp.resolve("out").toUri().toString(), "d", "2024-01-02", "r1");
  }

  private Path stage(String... files) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("out/_staging/r1/poses").resolve(PARTITION));
    for (String f : files) {
      Files.writeString(dir.resolve(f), "rows of " + f);
    }
    return dir;
  }

  private long visibleFiles() throws Exception {
    Path table = tmp.resolve("out/poses");
    if (!Files.exists(table)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(table)) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .count();
    }
  }

  @Test
  void localFileSystemRenamesTheWholePartitionFolder() throws Exception {
    RunCommitter committer = committer(null);
    stage("part-0.parquet", "part-1.parquet");
    assertThat(committer.mode()).isEqualTo(CommitMode.FOLDER_RENAME);
    committer.commit("poses");
    assertThat(visibleFiles()).isEqualTo(2);
    assertThat(tmp.resolve("out/poses").resolve(PARTITION).resolve("part-1.parquet"))
        .hasContent("rows of part-1.parquet");
  }

  @Test
  void singleObjectCommitPublishesTheOneStagedFile() throws Exception {
    RunCommitter committer = committer("false");
    stage("part-0.parquet", "_SUCCESS", ".part-0.parquet.crc");
    assertThat(committer.mode()).isEqualTo(CommitMode.SINGLE_OBJECT);
    committer.commit("poses");
    assertThat(tmp.resolve("out/poses").resolve(PARTITION).resolve("part-0.parquet"))
        .hasContent("rows of part-0.parquet");
    assertThat(visibleFiles()).isEqualTo(1);
  }

  @Test
  void singleObjectCommitRefusesAPartitionOfSeveralFilesAndPublishesNothing() throws Exception {
    RunCommitter committer = committer("false");
    stage("part-0.parquet", "part-1.parquet");
    assertThatThrownBy(() -> committer.commit("poses"))
        .hasMessageContaining("holds 2 entries where an object store commit needs exactly one file");
    assertThat(visibleFiles()).isZero();
    committer.cleanUp();
    assertThat(tmp.resolve("out/_staging")).doesNotExist();
  }

  @Test
  void aBadOverrideIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> committer("maybe"))
        .hasMessage("posespark.commit.atomic-rename must be true or false, not 'maybe'");
  }
}
