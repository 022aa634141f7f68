package io.swarmrec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code swarmrec} command line: {@code swarmrec <command> [options]}. */
@Command(name = "swarmrec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Recommendation engine and service for million-agent simulations.",
    commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error (also: SWARMREC_DEBUG=1).")
  boolean verbose;

  /** jvector announces its SIMD provider at INFO on stderr; kept here (loggers are weakly held) at WARNING. */
  private static final Logger JVECTOR_LOG = Logger.getLogger("io.github.jbellis.jvector");

  public static void main(String[] args) {
    JVECTOR_LOG.setLevel(Level.WARNING);
    System.exit(commandLine(ModelTrainer.REGISTRY).execute(args));
  }

  /** The command tree with its error handling, training algorithms through {@code trainer}. */
  static CommandLine commandLine(ModelTrainer trainer) {
    CommandLine cl = new CommandLine(new Main());
    // Every subcommand is registered here, in this one place.
    cl.addSubcommand(new ServeCommand());
    cl.addSubcommand(new ImportCommand());
    cl.addSubcommand(new EvalCommand(trainer));
    cl.addSubcommand(new TuneCommand(trainer));
    cl.addSubcommand(new RecommendCommand());
    cl.addSubcommand(new GenerateCommand());
    cl.addSubcommand(new BenchCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(ErrorReport::usage);
    cl.setExecutionExceptionHandler(ErrorReport::failure);
    return cl;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(),
        "missing command, one of: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** The version from the build ({@code version.properties}, filtered by Maven). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"swarmrec " + p.getProperty("version", "(unknown version)"),
          "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")};
    }
  }
}
