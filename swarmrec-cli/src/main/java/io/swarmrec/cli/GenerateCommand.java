package io.swarmrec.cli;

import io.swarmrec.eval.synthetic.SyntheticScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code swarmrec generate}: writes the synthetic million-agent interaction log of
 * {@link SyntheticScenario}. Options left out keep the library's defaults, so the command and the library
 * describe the same data set; all validation happens in the scenario builder and surfaces here as a
 * usage error. Progress goes to stderr, one summary line to stdout.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {
        "Generates a synthetic interaction log: Zipf item popularity, heavy-tailed agent activity, interest"
            + " communities; deterministic from --seed (same flags, same bytes, any thread count).",
        "Output: TSV lines a<agent> TAB i<item> TAB value TAB epochSecond TAB view|like|share|rating,"
            + " gzip when FILE ends in .gz."})
public final class GenerateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--agents", paramLabel = "N", description = "Agents (default 1,000,000).")
  Long agents;

  @Option(names = "--items", paramLabel = "M", description = "Items (default 200,000).")
  Long items;

  @Option(names = "--interactions", paramLabel = "E", description = "Events, exactly (default 50,000,000).")
  Long interactions;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default 42).")
  Long seed;

  @Option(names = "--communities", paramLabel = "C", description = "Interest communities (default sqrt(M / 5)).")
  Integer communities;

  @Option(names = "--in-community", paramLabel = "P",
      description = "Probability that an event is drawn from the agent's communities (default 0.8).")
  Double inCommunity;

  @Option(names = "--event-mix", paramLabel = "LIKE,SHARE,RATING", split = ",", hideParamSyntax = true,
      description = "Shares of like, share and rating events; views take the rest (default 0.10,0.03,0).")
  double[] eventMix;

  @Option(names = "--days", paramLabel = "D", description = "Length of the time window in days (default 30).")
  Integer days;

  @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--level", paramLabel = "L", description = "Deflate level 0..9 (default 1, the fastest).")
  int level = 1;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "Output file, e.g. events.tsv.gz.")
  Path out;

  @Override
  public Integer call() throws IOException {
    SyntheticScenario scenario;
    try {
      scenario = scenario();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    long start = System.nanoTime();
    long bytes;
    try {
      bytes = scenario.writeTsv(out, threads, level, new ProgressLine(spec.commandLine().getErr(), scenario, start));
    } catch (IllegalArgumentException e) { // threads or level
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    spec.commandLine().getOut().println(String.format(Locale.ROOT,
        "generated %,d events (%,d agents, %,d items, %d communities, seed %d) in %s: %,d bytes in %.1f s",
        scenario.interactions(), scenario.agents(), scenario.items(), scenario.communities(), scenario.seed(),
        out, bytes, seconds));
    return 0;
  }

  private SyntheticScenario scenario() {
    SyntheticScenario.Builder b = SyntheticScenario.builder();
    if (agents != null) {
      b.agents(agents);
    }
    if (items != null) {
      b.items(items);
    }
    if (interactions != null) {
      b.interactions(interactions);
    }
    if (seed != null) {
      b.seed(seed);
    }
    if (communities != null) {
      b.communities(communities);
    }
    if (inCommunity != null) {
      b.inCommunityShare(inCommunity);
    }
    if (eventMix != null) {
      if (eventMix.length != 3) {
        throw new IllegalArgumentException("--event-mix needs three shares LIKE,SHARE,RATING, got " + eventMix.length);
      }
      b.eventMix(eventMix[0], eventMix[1], eventMix[2]);
    }
    if (days != null) {
      b.days(days);
    }
    return b.build();
  }

  /** Prints a line to stderr at every tenth of the work. */
  private static final class ProgressLine implements LongConsumer {
    private final PrintWriter err;
    private final long total;
    private final long start;
    private int tenths;

    ProgressLine(PrintWriter err, SyntheticScenario scenario, long start) {
      this.err = err;
      this.total = scenario.interactions();
      this.start = start;
    }

    @Override
    public void accept(long done) {
      int now = (int) (done * 10 / total);
      if (now > tenths) {
        tenths = now;
        err.println(String.format(Locale.ROOT, "generate: %3d%%  %,d events  %.1f s",
            now * 10, done, (System.nanoTime() - start) / 1e9));
        err.flush();
      }
    }
  }
}
