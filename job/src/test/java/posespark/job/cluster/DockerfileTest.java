package posespark.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The executor image's Dockerfile (no Docker engine runs here, so it is checked, not built):
 * everything it copies from the repository exists, the assembly it copies is the file the
 * assembly profile builds for this version, and it is a Debian image with JDK 17.
 */
class DockerfileTest {

  private static final Path ROOT = BuiltJars.repoRoot();

  private static List<String[]> copies(String dockerfile) {
    List<String[]> out = new ArrayList<>();
    for (String line : dockerfile.lines().toList()) {
      if (line.startsWith("COPY ")) {
        String[] parts = line.substring(5).trim().split("\\s+");
        assertThat(parts).as(line).hasSize(2);
        out.add(parts);
      }
    }
    return out;
  }

  @Test
  void copiesOnlyFilesThatTheRepositoryOrItsBuildProvide() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    List<String[]> copies = copies(dockerfile);
    assertThat(copies).as("COPY lines").hasSizeGreaterThanOrEqualTo(8);
    String pom = Files.readString(ROOT.resolve("job/pom.xml"));
    Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
        .matcher(pom);
    assertThat(version.find()).isTrue();
    for (String[] copy : copies) {
      String source = copy[0];
      if (source.startsWith("spark/")) {
        // The Spark distribution the build context documents (submit/README.md).
        assertThat(source).matches("spark/(jars|bin|sbin|kubernetes/dockerfiles/spark/[a-z]+\\.sh)");
      } else if (source.startsWith("job/target/")) {
        assertThat(source).as("the assembly profile's output for this version")
            .isEqualTo("job/target/posespark-assembly-" + version.group(1) + ".jar");
        assertThat(pom).contains("<outputFile>${project.build.directory}/posespark-assembly-"
            + "${project.version}.jar</outputFile>");
      } else if (source.equals("out/models")) {
        assertThat(Files.readString(ROOT.resolve("submit/README.md")))
            .as("how the models get into the build context").contains("out/models");
      } else {
        assertThat(ROOT.resolve(source)).as("repository file %s", source).exists();
      }
    }
    Matcher executable = Pattern.compile("/opt/posespark/(conf/[\\w./-]+)").matcher(dockerfile);
    while (executable.find()) {
      assertThat(ROOT.resolve(executable.group(1))).as("script the image runs").isExecutable();
    }
  }

  @Test
  void isADebianImageWithJdk17() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile).containsPattern("ARG BASE=debian:[a-z]+-slim")
        .contains("FROM ${BASE}")
        .contains("openjdk-17-jre-headless")
        .contains("ENTRYPOINT [\"/opt/entrypoint.sh\"]");
  }
}
