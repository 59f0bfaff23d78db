package posespark.models.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import posespark.models.hrnet.HrnetCommand;

/**
 * {@code submit/models}: the model zoo's command line. Subcommands are listed in
 * {@code subcommands}; bad arguments print one line and exit 2.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Fetch, convert and list posespark's model zoo; import HRNet from PyTorch; build int8 variants.",
    subcommands = {FetchCommand.class, ListCommand.class, HrnetCommand.class, QuantizeCommand.class})
public final class ModelsCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a subcommand is needed: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** Runs the CLI and returns the exit code (0 ok, 1 failure, 2 bad arguments). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ModelsCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("models: " + ex.getMessage()
          + " (see submit/models " + (ex.getCommandLine() == cli ? "" : ex.getCommandLine().getCommandName() + " ") + "--help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("models: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
      return 1;
    });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(args, out, err));
  }
}
