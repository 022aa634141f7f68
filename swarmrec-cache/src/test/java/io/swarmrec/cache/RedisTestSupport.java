package io.swarmrec.cache;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/** Finding the test Redis, skipping (or, on CI, failing) when it is absent, and throwaway servers. */
final class RedisTestSupport {
  static final String URL = System.getenv().getOrDefault("SWARMREC_TEST_REDIS_URL", "redis://127.0.0.1:6379");

  private RedisTestSupport() {}

  /**
   * The URL of the test Redis after checking (once per JVM) that it answers PING. When it does not, the
   * calling test is skipped with the reason, except when the environment says {@code CI=true}: there a
   * missing Redis is a broken build, not a reason to skip. Call it from {@code @BeforeEach}, so that each
   * skipped test is reported with the reason.
   */
  static String requireRedis() {
    String why = unreachable();
    if (why == null) {
      return URL;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why + " -- required because CI=true");
    }
    Assumptions.abort(why);
    return null;
  }

  private static String unreachable() {
    synchronized (RedisTestSupport.class) {
      if (pingResult == null) {
        pingResult = ping();
      }
      return pingResult.isEmpty() ? null : pingResult;
    }
  }

  private static String pingResult; // "" when Redis answered, else why not

  private static String ping() {
    // generous: the first connection of a JVM loads Netty and Lettuce, which on a loaded machine takes
    // seconds; an absent server refuses at once anyway
    Duration patience = Duration.ofSeconds(10);
    RedisURI uri = RedisURI.create(URL);
    uri.setTimeout(patience);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(patience).build()).build());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().ping();
      return "";
    } catch (RuntimeException e) {
      return "no Redis answers at " + URL + " (" + e.getMessage() + "); start one (scripts/services.sh) "
          + "or set SWARMREC_TEST_REDIS_URL";
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  /** A key prefix no other test run shares. */
  static String uniquePrefix() {
    return "srtest-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Deletes every key under {@code prefix}. */
  static void deleteKeys(String url, String prefix) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> redis = c.sync();
      List<String> doomed = new ArrayList<>();
      ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + ":*").limit(1000)).forEachRemaining(doomed::add);
      if (!doomed.isEmpty()) {
        redis.del(doomed.toArray(new String[0]));
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  static boolean redisServerOnPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, "redis-server").canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** Starts a redis-server with no persistence on {@code port} and waits until it accepts connections. */
  static Process startRedisServer(int port) throws IOException {
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "no")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    boolean up = poll(Duration.ofSeconds(10), () -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return s.isConnected();
      } catch (IOException e) {
        if (!p.isAlive()) {
          fail("redis-server exited with " + p.exitValue());
        }
        return false;
      }
    });
    if (!up) {
      p.destroyForcibly();
      fail("redis-server did not start on port " + port);
    }
    return p;
  }

  static void stop(Process p) throws InterruptedException {
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Polls {@code condition} every few milliseconds until it holds or {@code max} has passed. */
  static boolean poll(Duration max, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
