package posespark.job.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    assertThat(SqlStatements.split("SELECT 'a;b', \"c;d\", `e;f`; -- x; y\nSELECT 2;;  \n"))
        .containsExactly("SELECT 'a;b', \"c;d\", `e;f`", "SELECT 2");
  }

  @Test
  void escapedQuoteStaysInsideTheString() {
    assertThat(SqlStatements.split("SELECT 'it\\'s; fine'; SELECT 1"))
        .containsExactly("SELECT 'it\\'s; fine'", "SELECT 1");
  }

  @Test
  void lastStatementNeedsNoSemicolon() {
    assertThat(SqlStatements.split("SELECT 1")).containsExactly("SELECT 1");
    assertThat(SqlStatements.split("  -- only a comment\n")).isEmpty();
  }

  @Test
  void statementIsCompleteOnlyWhenASemicolonEndsItOutsideQuotes() {
    assertThat(SqlStatements.complete("SELECT 1;")).isTrue();
    assertThat(SqlStatements.complete("SELECT 1 +\n 1;  ")).isTrue();
    assertThat(SqlStatements.complete("SELECT 1")).isFalse();
    assertThat(SqlStatements.complete("SELECT 'open;")).isFalse();
    assertThat(SqlStatements.complete("SELECT 1 -- comment;")).isFalse();
  }
}
