package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.server.engine.RecCache;
import io.swarmrec.server.engine.RecRequest;
import io.swarmrec.server.engine.RecResult;
import io.swarmrec.server.metrics.Metrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapter between the engine's cache port and the two-level cache (L1 only here; L2 in RealServicesTest). */
class CachesTest {
  private final RecCache cache = Caches.open(ServerConfig.of(Map.of()), new Metrics());
  private final RecRequest req = RecRequest.of("u", 2, "itemknn");
  private final RecResult computed = new RecResult("u", "itemknn", false, "computed", 3, new String[] {"a", "b"},
      new float[] {2f, 1f});

  @Test
  void aHitNamesItsTierAndCarriesOneMemoForEveryHitOfTheSameEntry() {
    assertThat(cache.getLocal(req)).isNull();
    cache.put(req, computed);
    RecResult first = cache.getLocal(req);
    RecResult second = cache.getLocal(req);
    assertThat(first.source()).isEqualTo("l1");
    assertThat(first.items()).containsExactly("a", "b");
    assertThat(first.scores()).containsExactly(2f, 1f);
    assertThat(first.modelVersion()).isEqualTo(3);
    assertThat(first.cachedAtMillis()).isPositive();
    assertThat(first.memo()).isNotNull().isSameAs(second.memo());
    assertThat(Api.encoded(second)).isSameAs(Api.encoded(first)); // encoded once, on the first hit
    assertThat(new String(Api.encoded(first))).contains("\"source\":\"l1\"", "\"user\":\"u\"");
    assertThat(cache.getShared(req).join()).isNull(); // no L2 configured: a miss, at once
  }

  @Test
  void keysSeparateListLengthsAndContextAndInvalidationHidesAUsersAnswers() {
    cache.put(req, computed);
    assertThat(cache.getLocal(RecRequest.of("u", 3, "itemknn"))).isNull();
    assertThat(cache.getLocal(new RecRequest("u", 2, "itemknn", List.of(), "feed", null, null))).isNull();
    cache.invalidateUser("u");
    assertThat(cache.getLocal(req)).isNull();
    cache.put(req, computed);
    cache.invalidateAll();
    assertThat(cache.getLocal(req)).isNull();
  }

  @Test
  void warmingComputesOnlyWhatIsMissing() {
    cache.put(req, computed);
    int[] computedCalls = {0};
    cache.warm(List.of(req, RecRequest.of("w", 2, "itemknn")), r -> {
      computedCalls[0]++;
      return new RecResult(r.user(), r.algo(), false, "computed", 3, new String[] {"c"}, new float[] {1f});
    });
    assertThat(computedCalls[0]).isEqualTo(1);
    assertThat(cache.getLocal(RecRequest.of("w", 2, "itemknn")).items()).containsExactly("c");
  }
}
