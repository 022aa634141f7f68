package io.swarmrec.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
  private static final String BEFORE = """
      # HELP swarmrec_cache_requests_total Cache lookups
      # TYPE swarmrec_cache_requests_total counter
      swarmrec_cache_requests_total{result="hit",tier="l1"} 10.0
      swarmrec_cache_requests_total{result="miss",tier="l1"} 5.0
      swarmrec_cache_requests_total{result="miss",tier="l2"} 5.0
      swarmrec_shed_total 1.0
      swarmrec_shed_created 1.7E9
      swarmrec_http_request_seconds_count{method="GET"} 99
      swarmrec_recommend_seconds_count{algo="itemknn",source="cache"} 10.0
      swarmrec_recommend_seconds_count{algo="itemknn",source="computed"} 5.0
      swarmrec_errors_total{code="bad_request"} 1.0
      """;
  private static final String AFTER = """
      swarmrec_cache_requests_total{result="hit",tier="l1"} 90.0
      swarmrec_cache_requests_total{result="miss",tier="l1"} 25.0
      swarmrec_cache_requests_total{result="hit",tier="l2"} 15.0
      swarmrec_cache_requests_total{result="miss",tier="l2"} 10.0
      swarmrec_degraded_total{reason="deadline"} 4.0 1700000000000
      swarmrec_degraded_total{reason="error",note="a \\"quoted\\", value"} 2.0
      swarmrec_shed_total 3.0
      swarmrec_recommend_seconds_count{algo="itemknn",source="cache"} 90.0
      swarmrec_recommend_seconds_count{algo="pop",source="cache"} 15.0
      swarmrec_recommend_seconds_count{algo="itemknn",source="computed"} 9.0
      swarmrec_recommend_seconds_count{algo="pop",source="computed"} 2.0
      swarmrec_recommend_seconds_count{algo="itemknn",source="fallback"} 6.0
      swarmrec_recommend_seconds_sum{algo="itemknn",source="l1"} 0.5
      swarmrec_errors_total{code="bad_request"} 1.0
      swarmrec_errors_total{code="overloaded"} 3.0
      """;

  @Test
  void differenceGivesPerTierHitRatesDegradedAndShed() {
    ServerMetrics d = ServerMetrics.parse(AFTER).minus(ServerMetrics.parse(BEFORE));
    assertThat(d.cacheHits("l1")).isEqualTo(80);
    assertThat(d.cacheMisses("l1")).isEqualTo(20);
    assertThat(d.hitRate("l1")).isEqualTo(0.8);
    assertThat(d.hitRate("l2")).isEqualTo(15.0 / 20);
    assertThat(d.degraded()).containsExactlyInAnyOrderEntriesOf(Map.of("deadline", 4.0, "error", 2.0));
    assertThat(d.shed()).isEqualTo(2);
    assertThat(d.answers()).containsExactlyInAnyOrderEntriesOf(
        Map.of("cache", 95.0, "computed", 6.0, "fallback", 6.0));
    assertThat(d.answerCount()).isEqualTo(107);
    assertThat(d.degradedShare()).isEqualTo(6.0 / 107);
    assertThat(d.errors()).as("codes unchanged over the run are left out").containsExactly(Map.entry("overloaded", 3.0));
  }

  @Test
  void labelsWithEscapesAndOtherSeriesAreHandled() {
    ServerMetrics m = ServerMetrics.parse(AFTER + BEFORE);
    assertThat(m.samples()).anySatisfy(s -> assertThat(s.labels()).containsEntry("note", "a \"quoted\", value"));
    assertThat(m.samples()).noneMatch(s -> s.name().equals("swarmrec_shed_created"));
    assertThat(ServerMetrics.parse("hello world\n").samples()).isEmpty();
    assertThat(ServerMetrics.parse("").hitRate("l1")).isNaN();
    assertThat(ServerMetrics.parse("").degradedShare()).isNaN();
    assertThat(m.samples()).noneMatch(s -> s.name().equals("swarmrec_recommend_seconds_sum"));
  }
}
