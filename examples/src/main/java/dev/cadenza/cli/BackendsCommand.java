package dev.cadenza.cli;

import dev.cadenza.model.Backends;
import dev.cadenza.model.Capability;
import dev.cadenza.model.SequenceModelProvider;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cadenza backends}: lists the backends on the class path and says which one would be used. */
@Command(name = "backends", mixinStandardHelpOptions = true,
    description = {"Lists the neural backends found on the class path, and the one a command would use "
        + "(--backend, else -Dcadenza.backend, else $CADENZA_BACKEND, else the available one of highest priority)."})
final class BackendsCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--backend", paramLabel = "NAME", description = "The backend a command would be asked for.")
  private String backend;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (SequenceModelProvider p : Backends.all()) {
      Capability here = Backends.availability(p);
      out.printf("%-6s priority %3d  %s%n", p.name(), p.priority(), here.possible() ? "available" : "not available here: " + here.reason());
    }
    try {
      out.println("chosen: " + Backends.choose(Optional.ofNullable(backend)).name());
      return 0;
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
  }
}
