package posespark.models.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProposalsReportFileTest {

  @Test
  void generatedPartReplacesOnlyTheTextBetweenTheMarkers() {
    String before = "# Title\nhand-written\n" + ProposalsReportMain.BEGIN + "\nold table\n"
        + ProposalsReportMain.END + "\nmore hand-written\n";
    assertThat(ProposalsReportMain.withGenerated(before, "new table\n")).isEqualTo("# Title\nhand-written\n"
        + ProposalsReportMain.BEGIN + "\nnew table\n" + ProposalsReportMain.END + "\nmore hand-written\n");
  }

  @Test
  void withoutMarkersTheFileIsTheGeneratedPart() {
    assertThat(ProposalsReportMain.withGenerated("old", "new\n"))
        .isEqualTo(ProposalsReportMain.BEGIN + "\nnew\n" + ProposalsReportMain.END + "\n");
  }
}
