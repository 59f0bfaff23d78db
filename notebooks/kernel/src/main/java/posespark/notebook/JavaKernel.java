package posespark.notebook;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * A Jupyter kernel for Java: cells run in a JShell whose snippets execute in this JVM (the "local"
 * engine), so code sees everything on the kernel's class path (posespark, Spark) and can show
 * pictures through {@link Show}. A compile error or an exception in a cell is the cell's error, so
 * headless execution (nbconvert) fails on it.
 */
public final class JavaKernel extends BaseKernel {

  private final JShell shell;

  private JavaKernel(String name, String version, HistoryManager history, JupyterIO io, CommManager comms,
      Renderer renderer, MagicParser magics, MagicsRegistry registry, StringStyler errors) {
    super(name, version, new LanguageInfo("java", Runtime.version().toString(), "text/x-java", ".jshell", "java",
        "text/x-java", "java"), List.of(), history, io, comms, renderer, magics, registry, false, errors);
    this.shell = JShell.builder().executionEngine("local").build();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        shell.addToClasspath(entry);
      }
    }
  }

  /** Builds the kernel with jjava-jupyter's defaults for IO, history and rendering. */
  static final class Builder extends BaseKernelBuilder<Builder, JavaKernel> {
    @Override
    public JavaKernel build() {
      return new JavaKernel(buildName(), buildVersion(), buildHistoryManager(),
          buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
          new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()), buildMagicsRegistry(),
          buildErrorStyler());
    }
  }

  @Override
  public Object evalRaw(String code) {
    Object last = null;
    String remaining = code;
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
        break;
      }
      if (!info.completeness().isComplete()) {
        throw new IllegalArgumentException("incomplete code: " + remaining.strip());
      }
      last = run(info.source());
      remaining = info.remaining();
    }
    return last;
  }

  /** Evaluates one snippet; returns its value (expressions, variables) or null. */
  private Object run(String snippet) {
    Object value = null;
    for (SnippetEvent e : shell.eval(snippet)) {
      if (e.exception() != null) {
        Throwable t = e.exception();
        String type = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
        throw new CellException(type + ": " + t.getMessage(), t);
      }
      if (e.status() == Snippet.Status.REJECTED) {
        String errors = shell.diagnostics(e.snippet()).filter(Diag::isError)
            .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
        throw new CellException("does not compile: " + e.snippet().source().strip() + "\n" + errors, null);
      }
      if (e.value() != null && e.causeSnippet() == null
          && (e.snippet().kind() == Snippet.Kind.EXPRESSION || e.snippet().kind() == Snippet.Kind.VAR)) {
        value = e.value();
      }
    }
    return value;
  }

  @Override
  public DisplayData eval(String code) {
    Object value = evalRaw(code);
    return value == null ? null : new DisplayData(String.valueOf(value));
  }

  @Override
  public List<String> formatError(Throwable e) {
    List<String> lines = new ArrayList<>();
    lines.add(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    return lines;
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return null;
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    return null;
  }

  @Override
  public String isComplete(String code) {
    SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(code);
    return info.completeness().isComplete() || info.completeness() == SourceCodeAnalysis.Completeness.EMPTY
        ? IS_COMPLETE_YES : IS_COMPLETE_MAYBE;
  }

  @Override
  public void onShutdown(boolean restart) {
    shell.close();
  }

  /** An error raised by a cell's code (compile error or exception). */
  static final class CellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CellException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Entry point named in kernel.json: {@code JavaKernel CONNECTION_FILE}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: JavaKernel CONNECTION_FILE");
      System.exit(2);
    }
    KernelConnectionProperties props = KernelConnectionProperties.parse(
        Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
    JupyterConnection connection = new JupyterConnection(props);
    JavaKernel kernel = new Builder().name("posespark-java").version("1").build();
    kernel.installNotebookKernel(); // Show reaches the running kernel through BaseKernel.notebookKernel()
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
    kernel.onShutdown(false);
  }
}
