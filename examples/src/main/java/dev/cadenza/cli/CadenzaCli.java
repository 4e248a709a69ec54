package dev.cadenza.cli;

import dev.cadenza.Cadenza;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code cadenza} command: learns music from MIDI files and writes new music. */
@Command(name = "cadenza", mixinStandardHelpOptions = true, versionProvider = CadenzaCli.Version.class,
    description = "Learns music from MIDI files with neural sequence models and writes new music.",
    subcommands = {InfoCommand.class, TokenizeCommand.class, PrepareCommand.class, TrainCommand.class, GenerateCommand.class, HarmonizeCommand.class, ModelsCommand.class, EvaluateCommand.class, BenchmarkCommand.class, RenderCommand.class, BackendsCommand.class,
        CommandLine.HelpCommand.class})
public final class CadenzaCli implements Runnable {
  @Spec
  private CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command line with the given output streams and returns the exit status: 0 when it worked, 2 for
   * unusable arguments, 1 for a failure while working. Each error is one line on {@code err} naming the command and
   * what is wrong; {@code --debug} adds the stack trace.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new CadenzaCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    commandLine.setParameterExceptionHandler((e, arguments) -> report(e.getCommandLine(), Failures.oneLine(e.getMessage())
        + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')", e, debug, Failures.USAGE));
    commandLine.setExecutionExceptionHandler((e, failed, parsed) -> report(failed, Failures.describe(e), e, debug, Failures.status(e)));
    return commandLine.execute(args);
  }

  /** Prints the one-line message of a failed command, and its stack trace only with {@code --debug}; returns the status. */
  private static int report(CommandLine failed, String message, Throwable e, boolean debug, int status) {
    failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message);
    if (debug) {
      e.printStackTrace(failed.getErr());
    }
    return status;
  }

  /** {@code --debug}, on every command: a failure prints its stack trace after its one-line message. */
  @picocli.CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "After an error's one-line message, print the stack trace (for bug reports).")
  private boolean debug;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command to run");
  }

  /** Gives picocli the library's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"cadenza " + Cadenza.version(), "Java " + System.getProperty("java.version")};
    }
  }
}
