package posespark.job.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive prompt: reads lines until a statement ends with {@code ;}, runs it, repeats until
 * end of input or {@code quit;}. On a terminal it is a JLine prompt with line editing and a history
 * file; with piped input it reads plain lines and prints no prompt, so stdout carries only results.
 */
final class SqlPrompt {

  /** Where one line comes from; null at end of input. */
  interface LineSource extends AutoCloseable {
    String readLine(String prompt) throws IOException;

    @Override
    void close() throws IOException;
  }

  private final LineSource lines;

  SqlPrompt(LineSource lines) {
    this.lines = lines;
  }

  /**
   * Runs statements until the input ends; {@code runner} returns false for a failed statement.
   *
   * @return 0 when every statement succeeded, 1 otherwise
   */
  int run(Predicate<String> runner) throws IOException {
    boolean failed = false;
    StringBuilder statement = new StringBuilder();
    try (lines) {
      while (true) {
        String line = lines.readLine(statement.length() == 0 ? "pose-sql> " : "       > ");
        if (line == null) {
          break;
        }
        statement.append(line).append('\n');
        String text = statement.toString();
        if (text.isBlank()) {
          statement.setLength(0);
          continue;
        }
        if (!SqlStatements.complete(text)) {
          continue;
        }
        statement.setLength(0);
        for (String s : SqlStatements.split(text)) {
          if (s.equalsIgnoreCase("quit") || s.equalsIgnoreCase("exit")) {
            return failed ? 1 : 0;
          }
          failed |= !runner.test(s);
        }
      }
    }
    for (String s : SqlStatements.split(statement.toString())) {
      failed |= !runner.test(s);
    }
    return failed ? 1 : 0;
  }

  /** Plain lines from a stream (piped input): no prompt, no echo. */
  static LineSource piped(InputStream in) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return new LineSource() {
      @Override
      public String readLine(String prompt) throws IOException {
        return reader.readLine();
      }

      @Override
      public void close() {
        // the caller owns the stream
      }
    };
  }

  /** A JLine prompt on the process's terminal; history kept in {@code historyFile}. */
  static LineSource terminal(Path historyFile) throws IOException {
    Terminal terminal = TerminalBuilder.builder().system(true).build();
    LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("pose-sql")
        .variable(LineReader.HISTORY_FILE, historyFile)
        .build();
    return new LineSource() {
      @Override
      public String readLine(String prompt) {
        try {
          return reader.readLine(prompt);
        } catch (UserInterruptException e) {
          return ""; // Ctrl-C: drop the line, keep the prompt
        } catch (EndOfFileException e) {
          return null;
        }
      }

      @Override
      public void close() throws IOException {
        reader.getHistory().save();
        terminal.close();
      }
    };
  }
}
