package io.swarmrec.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A measurement, not a test: the closed-loop throughput of java.net.http.HttpClient (async, HTTP/1.1)
 * with C requests always outstanding, to compare with the Netty client of {@link LoadGenerator} on the
 * same server. {@code JdkHttpClientProbe URL concurrency seconds}.
 */
final class JdkHttpClientProbe {
  private JdkHttpClientProbe() {
  }

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    int concurrency = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
      for (int i = 0; i < concurrency; i++) {
        loop(client, req, ok, failed, counting, stop);
      }
      Thread.sleep(2_000); // warm-up
      counting.set(true);
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000);
      counting.set(false);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      stop.set(true);
      System.out.printf("java.net.http.HttpClient, %d outstanding: %.0f req/s ok, %d failed%n", concurrency,
          ok.sum() / elapsed, failed.sum());
      client.shutdownNow();
    }
    System.exit(0);
  }

  private static void loop(HttpClient client, HttpRequest req, LongAdder ok, LongAdder failed, AtomicBoolean counting,
      AtomicBoolean stop) {
    if (stop.get()) {
      return;
    }
    client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
      if (counting.get()) {
        (e == null && r.statusCode() == 200 ? ok : failed).increment();
      }
      loop(client, req, ok, failed, counting, stop);
    });
  }
}
