package posespark.job.storage;

/**
 * Main class wrapper for test servers: runs {@code args[0]}'s main with the remaining arguments,
 * and exits the JVM when standard input ends, i.e. when the test JVM that started the server is
 * gone, however it ended (even SIGKILL), so that no server outlives its tests.
 */
public final class StdinWatchdog {

  private StdinWatchdog() {}

  public static void main(String[] args) throws Exception {
    Thread watch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is ever sent; only the end of input matters
        }
      } catch (java.io.IOException e) {
        // a broken pipe means the same: the parent is gone
      }
      Runtime.getRuntime().halt(0);
    }, "stdin-watchdog");
    watch.setDaemon(true);
    watch.start();
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
  }
}
