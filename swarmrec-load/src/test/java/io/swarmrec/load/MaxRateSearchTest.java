package io.swarmrec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search's logic, against a modelled service whose latency is a known function of the rate. */
class MaxRateSearchTest {
  private static final LoadSpec BASE = LoadSpec.builder("http://127.0.0.1:1").build();

  /** A service whose P99 is 1 ms until capacity, then 50 ms; errors and generator lag when asked. */
  private static LoadReport modelled(LoadSpec spec, double capacity, double errorsFrom, double generatorLimit) {
    double rate = spec.rate();
    long n = (long) (rate * spec.duration().toSeconds());
    double p99 = rate <= capacity ? 1.0 : 50.0;
    long errors = rate >= errorsFrom ? 3 : 0;
    long late = rate > generatorLimit ? n / 10 : 0;
    LoadReport.Latency lat = new LoadReport.Latency(n - errors, 0.5, 0.8, p99, p99, p99, 0.6);
    LoadReport.EndpointStats all = new LoadReport.EndpointStats(n, n - errors,
        errors == 0 ? Map.of() : Map.of("http_503", errors), (n - errors) / 10.0, lat);
    LoadReport.Sending sending = new LoadReport.Sending(n, rate, rate, late, 0, 0, lat);
    return new LoadReport(spec, sending, Map.of(Endpoint.REC, all), all, null);
  }

  @Test
  void doublesThenBisectsToTheCapacity() throws InterruptedException {
    List<Double> tried = new ArrayList<>();
    MaxRateSearch search = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.02);
    MaxRateSearch.Result r = search.find(BASE, spec -> modelled(spec, 23_000, Double.MAX_VALUE, Double.MAX_VALUE),
        s -> tried.add(s.rate()));

    assertThat(tried).startsWith(1_000.0, 2_000.0, 4_000.0, 8_000.0, 16_000.0, 32_000.0);
    assertThat(r.maxRate()).isBetween(23_000 / 1.02, 23_000.0);
    assertThat(r.best().spec().rate()).isEqualTo(r.maxRate());
    assertThat(r.generatorLimited()).isFalse();
    assertThat(r.steps()).hasSize(tried.size());
  }

  @Test
  void errorsFailAStepAndAGeneratorLimitIsFlagged() throws InterruptedException {
    MaxRateSearch search = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.05);
    MaxRateSearch.Result errors = search.find(BASE, spec -> modelled(spec, 1e9, 5_000, 1e9), s -> { });
    assertThat(errors.maxRate()).isLessThan(5_000).isGreaterThanOrEqualTo(5_000 / 1.05);
    assertThat(errors.steps()).anyMatch(s -> s.verdict().contains("errors"));

    // a generator behind schedule fails a step only through the latency it adds (capacity 3,000 here)
    MaxRateSearch.Result limited = search.find(BASE, spec -> modelled(spec, 3_000, 1e9, 3_000), s -> { });
    assertThat(limited.generatorLimited()).isTrue();
    assertThat(limited.maxRate()).isLessThanOrEqualTo(3_000).isGreaterThanOrEqualTo(3_000 / 1.05);
    MaxRateSearch.Result lateButFast = search.find(BASE, spec -> modelled(spec, 5_000, 1e9, 1_000), s -> { });
    assertThat(lateButFast.maxRate()).isGreaterThan(4_000);
    assertThat(lateButFast.steps()).anyMatch(s -> s.passed() && s.verdict().contains("generator behind"));
  }

  @Test
  void stopsAtTheMaximumOrReportsZeroWhenNothingPasses() throws InterruptedException {
    MaxRateSearch capped = new MaxRateSearch(Duration.ofMillis(10), 1_000, 3_000, 0.05);
    MaxRateSearch.Result r = capped.find(BASE, spec -> modelled(spec, 1e9, 1e9, 1e9), s -> { });
    assertThat(r.maxRate()).isEqualTo(3_000);
    assertThat(r.steps()).extracting(MaxRateSearch.Step::rate).containsExactly(1_000.0, 2_000.0, 3_000.0);

    MaxRateSearch.Result none = capped.find(BASE, spec -> modelled(spec, 10, 1e9, 1e9), s -> { });
    assertThat(none.maxRate()).isZero();
    assertThat(none.best()).isNull();
    assertThat(none.steps()).hasSize(1);
  }

  @Test
  void aFailureIsRetriedUpToTheAttemptsAndTheFirstPassCounts() throws InterruptedException {
    // a service with capacity 10,000 whose first run at each rate stalls (an outside job took the core)
    java.util.Map<Double, Integer> runs = new java.util.HashMap<>();
    MaxRateSearch.Runner flaky = spec -> runs.merge(spec.rate(), 1, Integer::sum) == 1
        ? modelled(spec, 0, 1e9, 1e9) : modelled(spec, 10_000, 1e9, 1e9);

    MaxRateSearch once = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.05);
    assertThat(once.attempts()).isEqualTo(1);
    assertThat(once.find(BASE, flaky, s -> { }).maxRate()).as("one stall ends the search").isZero();

    runs.clear();
    MaxRateSearch twice = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.05, 2);
    MaxRateSearch.Result r = twice.find(BASE, flaky, s -> { });
    assertThat(r.maxRate()).isBetween(10_000 / 1.05, 10_000.0);
    assertThat(r.steps()).hasSize(runs.values().stream().mapToInt(Integer::intValue).sum());
    assertThat(runs).allSatisfy((rate, n) -> assertThat(n).isEqualTo(2)); // every rate failed once, then decided
    assertThatThrownBy(() -> new MaxRateSearch(Duration.ofMillis(1), 1, 2, 0.1, 0)).hasMessageContaining("attempts");
  }

  @Test
  void aGeneratorLimitedFailureWhileDoublingDoesNotBoundTheServer() throws InterruptedException {
    // capacity 40,000, but between 6,000 and 20,000 the generator falls behind and adds latency
    MaxRateSearch.Runner sleepyGenerator = spec -> spec.rate() > 6_000 && spec.rate() < 20_000
        ? modelled(spec, 0, 1e9, 0) : modelled(spec, 40_000, 1e9, 1e9);
    MaxRateSearch search = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.05, 2);
    MaxRateSearch.Result r = search.find(BASE, sleepyGenerator, s -> { });
    assertThat(r.maxRate()).isBetween(40_000 / 1.05, 40_000.0);
    assertThat(r.steps()).anyMatch(s -> !s.passed() && s.rate() == 8_000 && s.verdict().contains("generator behind"));

    // the same failure with the generator on schedule is the server's: it ends the doubling
    MaxRateSearch.Runner slowServer = spec -> spec.rate() > 6_000 && spec.rate() < 20_000
        ? modelled(spec, 0, 1e9, 1e9) : modelled(spec, 40_000, 1e9, 1e9);
    assertThat(search.find(BASE, slowServer, s -> { }).maxRate()).isLessThanOrEqualTo(6_000);
  }

  @Test
  void aConfirmedMaximumHasPassedTwiceAndALuckyPassIsSearchedBelow() throws InterruptedException {
    // capacity 10,000, but the first run at 16,000 passes by luck (a quiet window)
    java.util.Set<Double> luckyOnce = new java.util.HashSet<>(List.of(16_000.0));
    MaxRateSearch.Runner lucky = spec -> modelled(spec, luckyOnce.remove(spec.rate()) ? 1e9 : 10_000, 1e9, 1e9);
    MaxRateSearch confirming = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.05, 1, true);
    MaxRateSearch.Result r = confirming.find(BASE, lucky, s -> { });
    assertThat(r.maxRate()).isBetween(10_000 / 1.05, 10_000.0);
    List<Double> rates = r.steps().stream().map(MaxRateSearch.Step::rate).toList();
    assertThat(rates).filteredOn(x -> x == 16_000.0).hasSize(2); // the lucky pass, then its failed confirmation
    assertThat(rates.get(rates.size() - 1)).isEqualTo(r.maxRate()); // the last step confirmed the maximum
    assertThat(r.steps().get(r.steps().size() - 1).passed()).isTrue();

    // without confirmation the lucky pass stands
    luckyOnce.add(16_000.0);
    MaxRateSearch plain = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.05, 1, false);
    assertThat(plain.find(BASE, lucky, s -> { }).maxRate()).isGreaterThanOrEqualTo(16_000);
  }

  @Test
  void interleavedSearchesTakeTurnsAndEachFindsWhatItWouldAlone() throws InterruptedException {
    LoadSpec slow = LoadSpec.builder("http://127.0.0.1:1").build();
    LoadSpec fast = LoadSpec.builder("http://127.0.0.1:2").build();
    MaxRateSearch.Runner service = spec -> modelled(spec, spec.port() == 1 ? 7_000 : 40_000, 1e9, 1e9);
    MaxRateSearch search = new MaxRateSearch(Duration.ofMillis(10), 1_000, 1_000_000, 0.05, 2);
    List<Integer> order = new ArrayList<>();
    MaxRateSearch.Runner recording = spec -> {
      order.add(spec.port());
      return service.run(spec);
    };

    List<MaxRateSearch.Result> both = MaxRateSearch.interleaved(List.of(
        new MaxRateSearch.Task(search, slow, s -> { }), new MaxRateSearch.Task(search, fast, s -> { })), recording);

    MaxRateSearch.Result slowAlone = search.find(slow, service, s -> { });
    MaxRateSearch.Result fastAlone = search.find(fast, service, s -> { });
    assertThat(both.get(0).maxRate()).isEqualTo(slowAlone.maxRate()).isBetween(7_000 / 1.05, 7_000.0);
    assertThat(both.get(1).maxRate()).isEqualTo(fastAlone.maxRate()).isBetween(40_000 / 1.05, 40_000.0);
    assertThat(both.get(0).steps()).extracting(MaxRateSearch.Step::rate)
        .containsExactlyElementsOf(slowAlone.steps().stream().map(MaxRateSearch.Step::rate).toList());
    // strict alternation while both run, then the longer search alone
    int shorter = Math.min(both.get(0).steps().size(), both.get(1).steps().size());
    for (int i = 0; i < 2 * shorter; i++) {
      assertThat(order.get(i)).as("attempt %d", i).isEqualTo(i % 2 == 0 ? 1 : 2);
    }
    assertThat(order).hasSize(both.get(0).steps().size() + both.get(1).steps().size());
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new MaxRateSearch(Duration.ZERO, 1, 2, 0.1)).hasMessageContaining("p99Limit");
    assertThatThrownBy(() -> new MaxRateSearch(Duration.ofMillis(1), 5, 2, 0.1)).hasMessageContaining("startRate");
    assertThatThrownBy(() -> new MaxRateSearch(Duration.ofMillis(1), 1, 2, 1.5)).hasMessageContaining("precision");
    MaxRateSearch ok = new MaxRateSearch(Duration.ofMillis(1), 1, 2, 0.1);
    LoadSpec closed = LoadSpec.builder("http://127.0.0.1:1").closedLoop(true).build();
    assertThatThrownBy(() -> ok.find(closed, s -> { })).hasMessageContaining("open-loop");
  }
}
