package posespark.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;

class ImageSourcesTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path photos;

  @BeforeAll
  static void files() throws Exception {
    spark = LocalSpark.get();
    photos = tmp.resolve("photos");
    Files.createDirectories(photos.resolve("a/b"));
    Files.write(photos.resolve("top.jpg"), new byte[] {1});
    Files.write(photos.resolve("a/000000000042.jpg"), new byte[] {2});
    Files.write(photos.resolve("a/b/deep.png"), new byte[] {3});
    Files.write(photos.resolve("a/b/empty.png"), new byte[0]);
  }

  /** file name → image id */
  private static Map<String, Long> ids(String input, String imageRoot) {
    Map<String, Long> ids = new TreeMap<>();
    for (Row r : ImageSources.open(spark, input, imageRoot).collectAsList()) {
      String uri = r.getString(1);
      ids.put(uri.substring(uri.lastIndexOf('/') + 1), r.getLong(0));
    }
    return ids;
  }

  @Test
  void folderIsReadRecursivelyIncludingEmptyFiles() {
    assertThat(ids(photos.toString(), null).keySet())
        .containsExactly("000000000042.jpg", "deep.png", "empty.png", "top.jpg");
  }

  @Test
  void globSelectsMatchingFiles() {
    assertThat(ids(photos + "/a/b/*.png", null).keySet()).containsExactly("deep.png", "empty.png");
  }

  @Test
  void cocoStyleNamesGiveTheirNumberOthersAHashOfTheUri() {
    Map<String, Long> ids = ids(photos.toString(), null);
    assertThat(ids.get("000000000042.jpg")).isEqualTo(42L);
    List<Row> rows = ImageSources.open(spark, photos.toString(), null).collectAsList();
    String deepUri = rows.stream().map(r -> r.getString(1)).filter(u -> u.endsWith("deep.png"))
        .findFirst().orElseThrow();
    assertThat(ids.get("deep.png")).isEqualTo(ImageIds.hash(deepUri)).isPositive();
  }

  @Test
  void textManifestResolvesRelativeEntriesAndSkipsCommentsAndBlankLines() throws Exception {
    Path manifest = tmp.resolve("list.txt");
    Files.write(manifest, List.of("# photos", "photos/top.jpg", "", "  photos/a/000000000042.jpg  ",
        photos.resolve("a/b/deep.png").toString()));
    Map<String, Long> ids = ids(manifest.toString(), null);
    assertThat(ids).containsOnlyKeys("top.jpg", "000000000042.jpg", "deep.png");
    List<String> uris = ImageSources.open(spark, manifest.toString(), null)
        .select("uri").as(Encoders.STRING()).collectAsList();
    assertThat(uris).contains(photos.resolve("top.jpg").toString());
  }

  @Test
  void csvManifestTakesItsImageIdColumn() throws Exception {
    Path manifest = tmp.resolve("list.csv");
    Files.write(manifest, List.of("image_id,uri", "7," + photos.resolve("top.jpg"),
        "," + photos.resolve("a/b/deep.png")));
    Map<String, Long> ids = ids(manifest.toString(), null);
    assertThat(ids.get("top.jpg")).isEqualTo(7L);
    assertThat(ids.get("deep.png")).as("missing id falls back to the derived one")
        .isEqualTo(ImageIds.fromUri(photos.resolve("a/b/deep.png").toString()));
  }

  @Test
  void parquetManifestReadsItsPathColumn() {
    String manifest = tmp.resolve("list.parquet").toString();
    spark.createDataset(List.of(photos.resolve("top.jpg").toString(),
        photos.resolve("a/000000000042.jpg").toString()), Encoders.STRING()).toDF("path")
        .write().parquet(manifest);
    assertThat(ids(manifest, null)).containsOnlyKeys("top.jpg", "000000000042.jpg")
        .containsEntry("000000000042.jpg", 42L);
  }

  @Test
  void manifestWithoutUriColumnIsRefusedByName() throws Exception {
    Path manifest = tmp.resolve("bad.csv");
    Files.write(manifest, List.of("file,label", "x.jpg,1"));
    assertThatThrownBy(() -> ImageSources.open(spark, manifest.toString(), null))
        .hasMessageContaining("has no 'uri' or 'path' column (columns: file, label)");
  }

  @Test
  void cocoJsonListsItsImagesUnderTheImageRootWithCocoIds() throws Exception {
    Path json = tmp.resolve("coco.json");
    Files.writeString(json, "{\"info\": {}, \"images\": ["
        + "{\"id\": 9001, \"file_name\": \"top.jpg\", \"width\": 10, \"height\": 5},"
        + "{\"id\": 9002, \"file_name\": \"a/b/deep.png\", \"width\": 3, \"height\": 4}],"
        + "\"annotations\": [], \"categories\": [{\"id\": 1, \"name\": \"person\"}]}");
    Map<String, Long> ids = ids(json.toString(), photos.toString());
    assertThat(ids).containsExactly(Map.entry("deep.png", 9002L), Map.entry("top.jpg", 9001L));
    List<String> uris = ImageSources.open(spark, json.toString(), photos.toString())
        .select("uri").as(Encoders.STRING()).collectAsList();
    assertThat(uris).contains(photos.resolve("a/b/deep.png").toString());
  }
}
