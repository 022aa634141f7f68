package io.swarmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.eval.synthetic.SyntheticScenario;
import io.swarmrec.eval.synthetic.SyntheticWorld;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
  private static final int AGENTS = 2_000;
  private static final int ITEMS = 500;
  private static final int EVENTS = 20_000;

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesTheRequestedCountsAndSummarises() throws IOException {
    Path file = dir.resolve("sub/events.tsv.gz");
    assertThat(run(file, 42)).isZero();
    List<String[]> events = read(file);
    assertThat(events).hasSize(EVENTS);
    Set<String> agents = new HashSet<>();
    for (String[] f : events) {
      assertThat(f).hasSize(5);
      assertThat(Integer.parseInt(f[0].substring(1))).isBetween(0, AGENTS - 1);
      assertThat(Integer.parseInt(f[1].substring(1))).isBetween(0, ITEMS - 1);
      assertThat(f[4]).isIn("view", "like", "share", "rating");
      assertThat(Long.parseLong(f[3])).isPositive();
      agents.add(f[0]);
    }
    assertThat(agents).hasSize(AGENTS);
    assertThat(out.toString()).contains("generated 20,000 events (2,000 agents, 500 items")
        .contains(String.format(java.util.Locale.ROOT, "%,d bytes", Files.size(file)));
    assertThat(err.toString()).contains("100%");
  }

  @Test
  void sameSeedSameBytesAnotherSeedOtherBytes() throws IOException {
    Path a = dir.resolve("a.tsv.gz");
    Path b = dir.resolve("b.tsv.gz");
    Path c = dir.resolve("c.tsv.gz");
    assertThat(run(a, 7)).isZero();
    assertThat(run(b, 7, "--threads", "1")).isZero();
    assertThat(run(c, 8)).isZero();
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
  }

  @Test
  void itemPopularityIsSkewed() throws IOException {
    Path file = dir.resolve("e.tsv.gz");
    run(file, 42);
    long[] perItem = new long[ITEMS];
    for (String[] f : read(file)) {
      perItem[Integer.parseInt(f[1].substring(1))]++;
    }
    Arrays.sort(perItem);
    long top = perItem[ITEMS - 1] + perItem[ITEMS - 2] + perItem[ITEMS - 3] + perItem[ITEMS - 4] + perItem[ITEMS - 5];
    assertThat(top / (double) EVENTS).as("share of the top 1% of items (uniform would be 0.01)").isGreaterThan(0.05);
  }

  @Test
  void mostOfAnAgentsItemsAreInItsCommunities() throws IOException {
    Path file = dir.resolve("e.tsv.gz");
    run(file, 42);
    SyntheticWorld world = SyntheticScenario.builder().agents(AGENTS).items(ITEMS).interactions(EVENTS).seed(42)
        .build().world();
    long own = 0;
    for (String[] f : read(file)) {
      own += world.inCommunities(Integer.parseInt(f[0].substring(1)), Integer.parseInt(f[1].substring(1))) ? 1 : 0;
    }
    assertThat(own / (double) EVENTS).isGreaterThan(0.7);
  }

  @Test
  void rejectsBadInputWithAUsageError() {
    Path file = dir.resolve("bad.tsv.gz");
    assertThat(execute("--agents", "0", "--out", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("agents must be in [1,");
    assertThat(execute("--agents", "100", "--items", "10", "--interactions", "50", "--out", file.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("interactions must be >= agents (100)");
    assertThat(execute("--agents", "10", "--items", "10", "--interactions", "50", "--communities", "11",
        "--out", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("communities must be in [1, items = 10]");
    assertThat(execute("--agents", "10", "--items", "10", "--interactions", "50", "--event-mix", "0.5,0.5",
        "--out", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("three shares");
    assertThat(execute("--agents", "10", "--items", "10", "--interactions", "20", "--threads", "0",
        "--out", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("threads must be >= 1");
    assertThat(execute("--agents", "10")).isEqualTo(2);
    assertThat(err.toString()).contains("--out");
    assertThat(file).doesNotExist();
  }

  private int run(Path file, long seed, String... extra) {
    String[] base = {"--agents", "" + AGENTS, "--items", "" + ITEMS, "--interactions", "" + EVENTS,
        "--seed", "" + seed, "--out", file.toString()};
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return execute(args);
  }

  private int execute(String... args) {
    CommandLine cli = new CommandLine(new GenerateCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static List<String[]> read(Path gz) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.US_ASCII))) {
      return r.lines().map(line -> line.split("\t")).toList();
    }
  }
}
