package io.swarmrec.eval.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticScenarioTest {
  /** Several blocks, communities of ~150 items as in the full scenario's proportions, still tiny. */
  private static final SyntheticScenario SMALL = SyntheticScenario.builder()
      .agents(4_000).items(5_000).interactions(120_000).seed(7).build();

  @TempDir
  Path dir;

  @Test
  void defaultsAreTheMillionAgentScenario() {
    SyntheticScenario s = SyntheticScenario.builder().build();
    assertThat(s.agents()).isEqualTo(1_000_000);
    assertThat(s.items()).isEqualTo(200_000);
    assertThat(s.interactions()).isEqualTo(50_000_000);
    assertThat(s.communities()).isEqualTo(200);
    assertThat(s.minEventsPerAgent()).isEqualTo(3);
    assertThat(s.maxEventsPerAgent()).isEqualTo(50_000);
  }

  @Test
  void sameSeedGivesTheSameEventsWhateverTheThreadCount() {
    assertThat(SMALL.world().blocks()).isGreaterThan(1);
    List<String> one = events(SMALL, 1);
    assertThat(one).hasSize(120_000);
    assertThat(events(SMALL, 2)).isEqualTo(one);
    SyntheticScenario again = SyntheticScenario.builder().agents(4_000).items(5_000).interactions(120_000).seed(7).build();
    assertThat(events(again, 3)).isEqualTo(one);
  }

  @Test
  void anotherSeedGivesOtherEvents() {
    SyntheticScenario other = SyntheticScenario.builder().agents(4_000).items(5_000).interactions(120_000).seed(8).build();
    List<String> a = events(SMALL, 2);
    List<String> b = events(other, 2);
    long same = 0;
    for (int i = 0; i < a.size(); i++) {
      same += a.get(i).equals(b.get(i)) ? 1 : 0;
    }
    assertThat(same).isLessThan(a.size() / 100);
  }

  @Test
  void everyAgentGetsItsCountAndTheTotalIsExact() {
    int[] perAgent = new int[SMALL.agents()];
    SMALL.generate((agent, item, kind, value, t) -> perAgent[agent]++, 2);
    SyntheticWorld world = SMALL.world();
    for (int a = 0; a < perAgent.length; a++) {
      assertThat(perAgent[a]).isEqualTo(world.eventsOf(a)).isGreaterThanOrEqualTo(SMALL.minEventsPerAgent());
    }
    assertThat(Arrays.stream(perAgent).sum()).isEqualTo(120_000);
  }

  @Test
  void eventsComeInAgentThenTimeOrderInsideTheWindow() {
    long start = SMALL.startEpochSecond();
    long end = start + SMALL.days() * 86_400L;
    long[] last = {-1, Long.MIN_VALUE}; // agent, time
    SMALL.generate((agent, item, kind, value, t) -> {
      assertThat(agent).isGreaterThanOrEqualTo((int) last[0]);
      if (agent == last[0]) {
        assertThat(t).isGreaterThanOrEqualTo(last[1]);
      }
      assertThat(t).isGreaterThanOrEqualTo(start).isLessThan(end);
      last[0] = agent;
      last[1] = t;
    }, 2);
  }

  @Test
  void repeatedPairsAreRare() {
    Set<Long> pairs = new HashSet<>();
    SMALL.generate((agent, item, kind, value, t) -> pairs.add((long) agent << 32 | item), 2);
    assertThat(pairs.size()).isGreaterThan((int) (0.99 * 120_000));
  }

  @Test
  void mostOfAnAgentsEventsAreInItsCommunities() {
    assertThat(inCommunityFraction(SMALL)).isGreaterThan(0.7); // 0.8 by design, less the heaviest agents' spill
    SyntheticScenario scattered = SyntheticScenario.builder().agents(4_000).items(5_000).interactions(120_000)
        .seed(7).inCommunityShare(0).build();
    assertThat(inCommunityFraction(scattered)).isLessThan(0.35);
  }

  @Test
  void itemPopularityIsSkewed() {
    long[] perItem = new long[SMALL.items()];
    SMALL.generate((agent, item, kind, value, t) -> perItem[item]++, 2);
    Arrays.sort(perItem);
    long top = 0;
    for (int i = perItem.length - perItem.length / 100; i < perItem.length; i++) {
      top += perItem[i];
    }
    assertThat(top / 120_000.0).as("share of the top 1%% of items").isGreaterThan(0.10);
    assertThat(perItem[perItem.length / 2]).isGreaterThan(0); // but the long tail is still used
  }

  @Test
  void kindsFollowTheMixAndRatingsFavourOwnInterests() {
    SyntheticScenario s = SyntheticScenario.builder().agents(4_000).items(5_000).interactions(120_000)
        .seed(3).eventMix(0.2, 0.1, 0.1).build();
    SyntheticWorld world = s.world();
    long[] kinds = new long[EventKind.values().length];
    double[] ratingSum = new double[2];
    long[] ratingCount = new long[2];
    s.generate((agent, item, kind, value, t) -> {
      kinds[kind.ordinal()]++;
      if (kind == EventKind.RATING) {
        assertThat(value).isBetween(2f, 5f);
        int own = world.inCommunities(agent, item) ? 1 : 0;
        ratingSum[own] += value;
        ratingCount[own]++;
      } else {
        assertThat(value).isEqualTo(1f);
      }
    }, 2);
    assertThat(kinds[EventKind.LIKE.ordinal()] / 120_000.0).isCloseTo(0.2, within(0.01));
    assertThat(kinds[EventKind.SHARE.ordinal()] / 120_000.0).isCloseTo(0.1, within(0.01));
    assertThat(kinds[EventKind.RATING.ordinal()] / 120_000.0).isCloseTo(0.1, within(0.01));
    assertThat(ratingSum[1] / ratingCount[1]).isCloseTo(4.0, within(0.1));
    assertThat(ratingSum[0] / ratingCount[0]).isCloseTo(3.0, within(0.1));
  }

  @Test
  void gzipFileHoldsTheStreamAndIsByteIdenticalAcrossThreadCounts() throws IOException {
    Path one = dir.resolve("one.tsv.gz");
    Path two = dir.resolve("two.tsv.gz");
    List<Long> progress = new ArrayList<>();
    long bytes = SMALL.writeTsv(one, 1, 1, progress::add);
    SMALL.writeTsv(two, 2, 1, done -> {});
    assertThat(Files.size(one)).isEqualTo(bytes);
    assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(one));
    assertThat(progress).isSorted().last().isEqualTo(120_000L);
    assertThat(readLines(one)).isEqualTo(events(SMALL, 2));
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("one.tsv.gz", "two.tsv.gz");
    }
  }

  @Test
  void plainFileWhenTheNameDoesNotEndInGz() throws IOException {
    Path plain = dir.resolve("events.tsv");
    long bytes = SMALL.writeTsv(plain, 2, 1, done -> {});
    Path zipped = dir.resolve("events.tsv.gz");
    SMALL.writeTsv(zipped, 2, 6, done -> {});
    assertThat(Files.size(plain)).isEqualTo(bytes).isGreaterThan(3 * Files.size(zipped));
    assertThat(Files.readAllLines(plain)).isEqualTo(readLines(zipped));
  }

  @Test
  void inMemoryInteractionsEqualLoadingTheFile() throws IOException {
    SyntheticScenario s = SyntheticScenario.builder().agents(2_000).items(500).interactions(20_000).seed(5)
        .eventMix(0.1, 0.05, 0.05).build();
    EventWeights weights = EventWeights.defaults();
    Path file = dir.resolve("e.tsv.gz");
    s.writeTsv(file, 2, 1, done -> {});
    InteractionsBuilder loader = new InteractionsBuilder(weights);
    // read back through the generic reader: the file is in the layout every swarmrec reader takes
    io.swarmrec.eval.io.DatasetReader.of(io.swarmrec.eval.io.DatasetFormat.AUTO).read(file,
        new io.swarmrec.eval.io.EventSink() {
          @Override
          public void accept(String user, String item, float value, long epochSecond) {
            throw new AssertionError("the type column was lost");
          }

          @Override
          public void accept(String user, String item, String type, float value, long epochSecond) {
            loader.addEvent(user, item, type, value, epochSecond);
          }
        });
    Interactions expected = loader.build();
    Interactions actual = s.toInteractions(weights, 2);
    assertThat(actual.numUsers()).isEqualTo(2_000);
    assertThat(keys(actual.users())).isEqualTo(keys(expected.users()));
    assertThat(keys(actual.items())).isEqualTo(keys(expected.items()));
    assertThat(actual.byUser().indptr()).isEqualTo(expected.byUser().indptr());
    assertThat(actual.byUser().indices()).isEqualTo(expected.byUser().indices());
    assertThat(actual.byUser().values()).isEqualTo(expected.byUser().values());
    assertThat(actual.byUser().times()).isEqualTo(expected.byUser().times());
  }

  @Test
  void fewEventsPerAgentLowerTheDefaultMinimum() {
    SyntheticScenario s = SyntheticScenario.builder().agents(100).items(50).interactions(150).build();
    assertThat(s.minEventsPerAgent()).isEqualTo(1);
    int[] perAgent = new int[100];
    s.generate((agent, item, kind, value, t) -> perAgent[agent]++, 1);
    assertThat(Arrays.stream(perAgent).min().getAsInt()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void rejectsBadParametersWithOneLineMessages() {
    assertThatThrownBy(() -> SyntheticScenario.builder().agents(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agents must be in [1, 2147483647], got 0");
    assertThatThrownBy(() -> SyntheticScenario.builder().agents(10).items(5).interactions(9).build())
        .hasMessageContaining("interactions must be >= agents (10)");
    assertThatThrownBy(() -> SyntheticScenario.builder().items(5).communities(6).agents(1).interactions(3).build())
        .hasMessageContaining("communities must be in [1, items = 5]");
    assertThatThrownBy(() -> SyntheticScenario.builder().communities(0)).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> SyntheticScenario.builder().inCommunityShare(1.5).build())
        .hasMessageContaining("inCommunityShare must be in [0, 1]");
    assertThatThrownBy(() -> SyntheticScenario.builder().eventMix(0.5, 0.3, 0.3).build())
        .hasMessageContaining("must be <= 1");
    assertThatThrownBy(() -> SyntheticScenario.builder().eventsPerAgent(5, 4))
        .hasMessageContaining("1 <= min <= max");
    assertThatThrownBy(() -> SyntheticScenario.builder().agents(10).items(40).interactions(200).build())
        .hasMessageContaining("interactions must be in [30, 100]");
    assertThatThrownBy(() -> SyntheticScenario.builder().days(0).build()).hasMessageContaining("days");
    assertThatThrownBy(() -> SyntheticScenario.builder().startEpochSecond(-1).build()).hasMessageContaining("startEpochSecond");
    assertThatThrownBy(() -> SMALL.generate((a, i, k, v, t) -> {}, 0)).hasMessageContaining("threads");
    assertThatThrownBy(() -> SMALL.writeTsv(dir.resolve("x.gz"), 1, 10, d -> {})).hasMessageContaining("level");
  }

  private static double inCommunityFraction(SyntheticScenario s) {
    SyntheticWorld world = s.world();
    long[] own = new long[1];
    s.generate((agent, item, kind, value, t) -> own[0] += world.inCommunities(agent, item) ? 1 : 0, 2);
    return own[0] / (double) s.interactions();
  }

  private static List<String> events(SyntheticScenario s, int threads) {
    List<String> out = new ArrayList<>();
    s.generate((agent, item, kind, value, t) -> out.add(SyntheticScenario.agentId(agent) + "\t"
        + SyntheticScenario.itemId(item) + "\t" + (int) value + "\t" + t + "\t" + kind.label()), threads);
    return out;
  }

  private static List<String> readLines(Path gz) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      return r.lines().toList();
    }
  }

  private static List<String> keys(io.swarmrec.core.IdDictionary d) {
    List<String> k = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      k.add(d.key(i));
    }
    return k;
  }
}
