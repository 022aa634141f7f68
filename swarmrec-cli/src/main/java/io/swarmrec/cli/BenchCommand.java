package io.swarmrec.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code swarmrec bench}: measurements that print quality or speed figures with the hardware they ran on. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    subcommands = {BenchModelCommand.class, BenchScenarioCommand.class, BenchAnnCommand.class},
    description = "Benchmarks (see docs/BENCHMARKS.md).")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "missing benchmark, one of: " + String.join(", ", spec.subcommands().keySet()));
  }
}
