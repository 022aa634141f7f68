package io.swarmrec.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.server.SwarmrecServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator against a real swarmrec service and against servers that fail in known ways. */
class LoadGeneratorTest {
  private static SwarmrecServer server;
  private static String url;

  @BeforeAll
  static void startServer() throws InterruptedException {
    server = DemoServer.start(0, 200, 50, Map.of());
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static LoadSpec.Builder small(String url) {
    return LoadSpec.builder(url).rate(200).duration(Duration.ofMillis(1500)).warmup(Duration.ofMillis(300))
        .connections(4).users(200).items(50).batchSize(5).eventsPerRequest(2).timeout(Duration.ofSeconds(5));
  }

  @Test
  void openLoopMixSendsThePlanAndEveryRequestIsAccountedFor() throws InterruptedException {
    LoadReport r = LoadGenerator.run(small(url).mix(Mix.parse("rec=0.6,batch=0.2,events=0.2")).build());

    assertThat(r.sending().planned()).isEqualTo(300); // 200/s x 1.5 s
    assertThat(r.overall().requests()).isEqualTo(r.sending().planned());
    assertThat(r.overall().errors()).isEmpty();
    assertThat(r.overall().successes()).isEqualTo(r.overall().requests());
    assertThat(r.endpoints()).containsOnlyKeys(Endpoint.REC, Endpoint.BATCH, Endpoint.EVENTS);
    long sum = 0;
    for (LoadReport.EndpointStats s : r.endpoints().values()) {
      assertThat(s.requests()).isEqualTo(s.successes() + s.errors().values().stream().mapToLong(Long::longValue).sum());
      assertThat(s.latency().count()).isEqualTo(s.requests());
      sum += s.requests();
    }
    assertThat(sum).isEqualTo(r.overall().requests());
    assertThat(r.endpoints().get(Endpoint.REC).requests()).isGreaterThan(r.endpoints().get(Endpoint.BATCH).requests());
    assertThat(r.overall().latency().p50()).isPositive().isLessThanOrEqualTo(r.overall().latency().p99());
    assertThat(r.overall().latency().p99()).isLessThanOrEqualTo(r.overall().latency().max());
    assertThat(r.server()).as("swarmrec /metrics was scraped").isNotNull();
    assertThat(r.server().cacheHits("l1") + r.server().cacheMisses("l1")).isPositive();
    assertThat(r.toJson()).startsWith("{").endsWith("}").contains("\"rec\":{\"requests\":");
    assertThat(r.toTable()).contains("rec", "batch", "events", "all", "p99.9 ms");
  }

  @Test
  void closedLoopRecordsOnlyTheMeasuredWindowWithoutErrors() throws InterruptedException {
    LoadReport r = LoadGenerator.run(small(url).closedLoop(true).duration(Duration.ofSeconds(1)).connections(2).build());

    assertThat(r.overall().requests()).isPositive().isEqualTo(r.overall().successes());
    assertThat(r.sending().planned()).isEqualTo(r.overall().requests());
    assertThat(r.server().hitRate("l1")).as("hot agents come back from the cache").isPositive();
  }

  @Test
  void missCacheMakesEveryAnswerAComputedOne() throws InterruptedException {
    // few users, so without the fresh scenes nearly every answer would be a cache hit (single requests only:
    // a batch may name one user twice, and its second answer may come from the first)
    LoadReport r = LoadGenerator.run(small(url).users(5).missCache(true).build());

    assertThat(r.overall().errors()).isEmpty();
    assertThat(r.server().cacheHits("l1")).isZero();
    assertThat(r.server().cacheMisses("l1")).isPositive();
    assertThat(r.server().answers()).containsOnlyKeys("computed");
    assertThat(r.server().answerCount()).isGreaterThanOrEqualTo(r.overall().requests());
    assertThat(r.server().degradedShare()).isZero();
    assertThat(r.toJson()).contains("\"miss_cache\":true", "\"answers\":{\"computed\":");
  }

  @Test
  void closedPortGivesConnectErrorsAtThePlannedRate() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    LoadReport r = LoadGenerator.run(small("http://127.0.0.1:" + port).duration(Duration.ofMillis(500))
        .warmup(Duration.ZERO).build());

    assertThat(r.overall().requests()).isEqualTo(100);
    assertThat(r.overall().successes()).isZero();
    assertThat(r.overall().errors()).containsOnlyKeys("connect").containsEntry("connect", 100L);
    assertThat(r.server()).isNull();
  }

  @Test
  void unknownPathCountsHttpStatusErrors() throws InterruptedException {
    LoadReport r = LoadGenerator.run(small(url + "/nowhere").duration(Duration.ofMillis(500)).build());

    assertThat(r.overall().successes()).isZero();
    assertThat(r.overall().errors()).containsOnlyKeys("http_404").containsEntry("http_404", r.overall().requests());
    assertThat(r.overall().requests()).isEqualTo(100);
  }

  @Test
  void silentServerGivesTimeouts() throws IOException, InterruptedException {
    // the kernel completes the handshakes into the backlog; nothing ever reads or answers
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      LoadReport r = LoadGenerator.run(small("http://127.0.0.1:" + silent.getLocalPort())
          .rate(20).duration(Duration.ofMillis(500)).warmup(Duration.ZERO).timeout(Duration.ofMillis(200)).build());

      assertThat(r.overall().requests()).isEqualTo(10);
      assertThat(r.overall().successes()).isZero();
      assertThat(r.overall().errors()).containsOnlyKeys("timeout");
    }
  }

  @Test
  void pipelinedConnectionsAgainstTheFixedServerMatchEveryAnswer() throws InterruptedException {
    try (FixedResponseServer fixed = FixedResponseServer.start("127.0.0.1", 0, 1,
        FixedResponseServer.recommendationLikeBody(10))) {
      LoadReport r = LoadGenerator.run(small("http://127.0.0.1:" + fixed.port()).rate(400).inFlight(8)
          .connections(1).threads(1).build());

      assertThat(r.overall().requests()).isEqualTo(600);
      assertThat(r.overall().successes()).isEqualTo(600);
      assertThat(r.server()).as("no swarmrec counters at the fixed server").isNull();
    }
  }
}
