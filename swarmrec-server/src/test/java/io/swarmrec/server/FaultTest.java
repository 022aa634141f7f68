package io.swarmrec.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.store.Stores;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service under faults: a store that fails or hangs, clients that hold connections open. */
class FaultTest {
  private SwarmrecServer server;
  private SwitchableStore store;
  private TestClient client;

  private void start(Map<String, String> overrides) throws Exception {
    Map<String, String> cfg = new HashMap<>(Map.of("port", "0", "admin-token", "s3cret", "rebuild-interval-seconds", "0",
        "rebuild-after-events", "0", "warm-users", "0", "store-timeout-ms", "500"));
    cfg.putAll(overrides);
    store = new SwitchableStore(Stores.open("memory:"));
    ApiTest.seed(store);
    server = SwarmrecServer.start(ServerConfig.of(cfg), store);
    client = new TestClient(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      store.mode = SwitchableStore.Mode.UP;
      server.close();
    }
  }

  @Test
  void aStoreThatFailsOrHangsIsA503WithRetryAfterAndRecommendationsGoOn() throws Exception {
    start(Map.of());
    for (SwitchableStore.Mode mode : List.of(SwitchableStore.Mode.FAILING, SwitchableStore.Mode.HANGING)) {
      store.mode = mode;
      TestClient.Answer a = client.post("/v1/events", "[{\"user\":\"u1\",\"item\":\"a1\"}]");
      assertThat(a.status()).as(mode.toString()).isEqualTo(503);
      assertThat(a.errorCode()).isEqualTo("store_unavailable");
      assertThat(a.raw().headers().firstValue("Retry-After")).isPresent();
      assertThat(client.put("/v1/items/x", "{\"tags\":[\"t\"]}").errorCode()).isEqualTo("store_unavailable");
      assertThat(client.get("/v1/users/u1/recommendations?k=3").status()).isEqualTo(200); // reads go on from memory
    }
    // readiness reports the store: the probe sees it down within a few seconds
    long deadline = System.nanoTime() + 10_000_000_000L;
    TestClient.Answer ready = client.get("/ready");
    while (ready.status() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      ready = client.get("/ready");
    }
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.errorCode()).isEqualTo("store_unavailable");
    store.mode = SwitchableStore.Mode.UP;
    deadline = System.nanoTime() + 10_000_000_000L;
    while (client.get("/ready").status() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(client.get("/ready").status()).isEqualTo(200);
    assertThat(client.post("/v1/events", "[{\"user\":\"u1\",\"item\":\"a1\"}]").status()).isEqualTo(200);
  }

  @Test
  void aHalfSentRequestIsAnswered408AndItsConnectionClosed() throws Exception {
    start(Map.of("read-timeout-seconds", "1"));
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write("GET /v1/users/u1/recommendations HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // until the server closes
      assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
    }
    // a complete request on a kept-alive connection is not cut by the timer
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[4096];
      int n = s.getInputStream().read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
      Thread.sleep(1500);
      s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void idleConnectionsAreClosedAndOpenOnesAreCapped() throws Exception {
    start(Map.of("idle-timeout-seconds", "1", "max-connections", "2"));
    try (Socket a = new Socket("127.0.0.1", server.port()); Socket b = new Socket("127.0.0.1", server.port())) {
      a.setSoTimeout(20_000);
      b.setSoTimeout(20_000);
      Thread.sleep(200); // both accepted
      try (Socket c = new Socket("127.0.0.1", server.port())) {
        c.setSoTimeout(20_000);
        assertThat(c.getInputStream().read()).isEqualTo(-1); // over the cap: closed at once
      }
      InputStream in = a.getInputStream();
      assertThat(in.read()).isEqualTo(-1); // idle: closed by the server
      assertThat(b.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(client.get("/health").status()).isEqualTo(200); // room again
  }
}
