package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The scheduling examples in {@code submit/schedule} are well-formed for their tools, and every
 * nightly command line in them parses with the nightly options.
 */
class ScheduleExamplesTest {

  private static final Path DIR = Path.of(System.getProperty("posespark.repo.root", ".."))
      .resolve("submit/schedule");

  @TempDir
  Path tmp;

  /**
   * Parses arguments as {@code submit/nightly} would (unknown options, missing values fail; the
   * launcher's own {@code --spark-conf} and {@code --master} are set aside), and checks that their
   * tables and lock are on stores that can hold them.
   */
  private static void assertNightlyArguments(List<String> args) {
    List<String> app = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--spark-conf") || args.get(i).equals("--master")) {
        i++;
      } else {
        app.add(args.get(i));
      }
    }
    NightlyCommand cli = new NightlyCommand();
    new CommandLine(cli).parseArgs(app.toArray(String[]::new));
    NightlySettings.checkObjectStores(cli);
    assertThat(cli.output() != null || cli.warehouse != null).as("tables location in " + args)
        .isTrue();
  }

  /** Minute, hour, day of month, month, day of week: numbers in range, lists, ranges, steps. */
  private static void assertCronSchedule(String schedule) {
    String[] fields = schedule.trim().split("\\s+");
    assertThat(fields).as(schedule).hasSize(5);
    int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
    for (int i = 0; i < 5; i++) {
      for (String part : fields[i].split(",")) {
        String[] step = part.split("/");
        assertThat(step.length).as(schedule).isLessThanOrEqualTo(2);
        if (step[0].equals("*")) {
          continue;
        }
        for (String n : step[0].split("-")) {
          assertThat(Integer.parseInt(n)).as(schedule + " field " + i)
              .isBetween(ranges[i][0], ranges[i][1]);
        }
      }
    }
  }

  @Test
  void crontabLineRunsNightlyWithValidArguments() throws Exception {
    List<String> jobs = Files.readAllLines(DIR.resolve("crontab")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.matches("[A-Z_]+=.*")).toList();
    assertThat(jobs).hasSize(1);
    String[] fields = jobs.get(0).split("\\s+", 6);
    assertCronSchedule(String.join(" ", Arrays.copyOf(fields, 5)));
    String command = fields[5];
    assertThat(command).contains("submit/nightly ");
    String nightly = command.substring(command.indexOf("submit/nightly ") + 15).split(">>")[0];
    assertNightlyArguments(List.of(nightly.trim().split("\\s+")));
  }

  @Test
  void systemdServiceAndTimerVerify() throws Exception {
    String service = Files.readString(DIR.resolve("posespark-nightly.service"));
    String exec = service.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    List<String> words = List.of(exec.substring("ExecStart=".length()).split("\\s+"));
    assertThat(words.get(0)).endsWith("/submit/nightly");
    assertNightlyArguments(words.subList(1, words.size()));

    Path analyze = Path.of("/usr/bin/systemd-analyze");
    if (!Files.isExecutable(analyze)) {
      System.out.println("ScheduleExamplesTest: systemd-analyze not installed; "
          + "the units' own verification is skipped (their ExecStart arguments were checked)");
      return;
    }
    // Verify checks that ExecStart exists: point it at this checkout's launcher.
    String root = DIR.getParent().getParent().toAbsolutePath().normalize().toString();
    Files.writeString(tmp.resolve("posespark-nightly.service"),
        service.replace("/opt/posespark", root));
    Files.copy(DIR.resolve("posespark-nightly.timer"), tmp.resolve("posespark-nightly.timer"));
    Process p = new ProcessBuilder(analyze.toString(), "verify", "--man=no",
        tmp.resolve("posespark-nightly.service").toString(),
        tmp.resolve("posespark-nightly.timer").toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).as("warnings about the units").doesNotContain("posespark-nightly");
  }

  @Test
  void airflowDagCompiles() throws Exception {
    Path dag = DIR.resolve("airflow_posespark_nightly.py");
    assertThat(Files.readString(dag)).contains("SparkSubmitOperator")
        .contains("posespark.job.nightly.NightlyMain");
    Path copy = Files.copy(dag, tmp.resolve(dag.getFileName()));
    Process p = new ProcessBuilder("python3", "-m", "py_compile", copy.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesCronJobAndScheduledSparkApplicationParse() throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(Files.readString(DIR.resolve("k8s-cronjob.yaml")))) {
      docs.add((Map<String, Object>) doc);
    }
    assertThat(docs).extracting(d -> d.get("kind"))
        .containsExactly("CronJob", "ScheduledSparkApplication");

    Map<String, Object> cron = (Map<String, Object>) docs.get(0).get("spec");
    assertCronSchedule((String) cron.get("schedule"));
    assertThat(cron.get("concurrencyPolicy")).isEqualTo("Forbid");
    Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) cron.get("jobTemplate")).get("spec")).get("template")).get("spec");
    Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    assertThat((List<String>) container.get("command")).containsExactly("submit/nightly");
    assertNightlyArguments((List<String>) container.get("args"));

    Map<String, Object> scheduled = (Map<String, Object>) docs.get(1).get("spec");
    assertCronSchedule((String) scheduled.get("schedule"));
    Map<String, Object> app = (Map<String, Object>) scheduled.get("template");
    assertThat(app.get("mainClass")).isEqualTo(NightlyMain.class.getName());
    assertNightlyArguments((List<String>) app.get("arguments"));
  }
}
