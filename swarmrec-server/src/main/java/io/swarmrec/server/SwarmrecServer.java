package io.swarmrec.server;

import io.swarmrec.server.engine.Engine;
import io.swarmrec.server.engine.RecCache;
import io.swarmrec.server.http.HttpServer;
import io.swarmrec.server.kafka.KafkaIngest;
import io.swarmrec.server.metrics.Metrics;
import io.swarmrec.store.InteractionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running swarmrec service: store, cache, engine and HTTP front, wired from one {@link ServerConfig}.
 * The HTTP port opens first (so {@code /health} answers and {@code /ready} says 503), then the first
 * model is built from the store; {@link #start} returns when the service is ready. With {@code kafka} set, the
 * service then consumes its topics into the store too ({@link KafkaIngest}).
 */
public final class SwarmrecServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SwarmrecServer.class);

  private final Engine engine;
  private final HttpServer http;
  private final String adminToken;
  private final KafkaIngest kafka; // null without a broker

  private SwarmrecServer(Engine engine, HttpServer http, String adminToken, KafkaIngest kafka) {
    this.engine = engine;
    this.http = http;
    this.adminToken = adminToken;
    this.kafka = kafka;
  }

  /**
   * The engine alone, without HTTP, its first model built from {@code store}: for in-process use such as
   * {@code swarmrec recommend}. Closing it closes the store.
   */
  public static Engine startEngine(ServerConfig cfg, InteractionStore store) {
    Metrics metrics = new Metrics();
    Engine engine = new Engine(cfg, metrics, store, Caches.open(cfg, metrics));
    try {
      engine.start();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  /** Opens the store and the cache named by the configuration, and starts serving. */
  public static SwarmrecServer start(ServerConfig cfg, InteractionStore store) throws InterruptedException {
    Metrics metrics = new Metrics();
    RecCache cache = Caches.open(cfg, metrics);
    Engine engine = new Engine(cfg, metrics, store, cache);
    String token;
    try {
      token = cfg.adminToken() != null ? cfg.adminToken() : generatedToken(cfg.dataDir());
    } catch (IOException e) {
      engine.close();
      throw new IllegalStateException("no admin-token configured and cannot write one to " + cfg.dataDir()
          + ": " + e.getMessage() + "; set admin-token", e);
    }
    Api api = new Api(engine, cfg, metrics, token);
    HttpServer http;
    try {
      http = new HttpServer(cfg.host(), cfg.port(), cfg.ioThreads(), cfg.getInt("max-body-bytes"), api.router(),
          (method, route, status, code, nanos) -> {
            metrics.httpSeconds(method, route, status).observe(nanos / 1e9);
            if (code != null) {
              metrics.errors.labelValues(code).inc();
            }
          }, Refusals::toHttp, new HttpServer.Limits(cfg.getInt("idle-timeout-seconds"),
              cfg.getInt("read-timeout-seconds"), cfg.getInt("max-connections")));
    } catch (Exception e) {
      engine.close();
      throw new IllegalStateException("cannot listen on " + cfg.host() + ":" + cfg.port() + ": " + e.getMessage(), e);
    }
    metrics.gauge("swarmrec_http_connections", "Open HTTP connections", cb -> cb.call(http.openConnections()));
    LOG.info("listening on http://{}:{}", cfg.host(), http.port());
    KafkaIngest kafka = null;
    try {
      engine.start();
      if (cfg.kafkaServers() != null) {
        kafka = KafkaIngest.start(cfg, engine, metrics, api.kafkaRecords());
        LOG.info("consuming Kafka topics {} and {} at {} as group {}", cfg.get("kafka-topic-events"),
            cfg.get("kafka-topic-items"), cfg.kafkaServers(), cfg.get("kafka-group"));
      }
    } catch (RuntimeException e) {
      http.close();
      engine.close();
      throw e;
    }
    return new SwarmrecServer(engine, http, token, kafka);
  }

  /**
   * A random admin token for a service started without one, written to {@code DIR/admin-token} (owner
   * read/write only), never to the log: the log says where it is.
   */
  private static String generatedToken(Path dir) throws IOException {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    String token = HexFormat.of().formatHex(b);
    Files.createDirectories(dir);
    Path file = dir.resolve("admin-token");
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    LOG.info("no admin-token configured; this run's token is in {}", file.toAbsolutePath());
    return token;
  }

  public int port() {
    return http.port();
  }

  public String adminToken() {
    return adminToken;
  }

  public Engine engine() {
    return engine;
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close(); // first: the batch being stored completes and its offsets are committed
    }
    http.close();
    engine.close();
  }
}
