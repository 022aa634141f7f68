package io.swarmrec.server.kafka;

import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.engine.Engine;
import io.swarmrec.server.engine.EventIn;
import io.swarmrec.store.ItemMeta;
import io.swarmrec.server.metrics.Metrics;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The service's input topics, consumed from Apache Kafka into the store ({@code serve --set kafka=HOST:PORT}):
 * events ({@code kafka-topic-events}, one JSON event of {@code POST /v1/events} per record) and item metadata
 * ({@code kafka-topic-items}, the body of {@code PUT /v1/items/{id}} with the id in {@code item}), read by the
 * consumer group {@code kafka-group}. Records are checked by the HTTP API's own rules ({@link Records}); a bad
 * one is counted, logged and skipped. Stored events take effect like events sent over HTTP.
 *
 * <p>Each event record is stored exactly once, across crashes and restarts: the position to resume each
 * partition from is written in the store transaction of the events read before it, and the consumer resumes
 * from the store's positions (see {@link ConsumerLoop}). Kafka's committed offsets are written after the
 * store commit too, for the tools that read them. Consumer lag, the records on the broker not yet stored, is
 * the gauge {@code swarmrec_kafka_consumer_lag}; records by outcome are {@code swarmrec_kafka_records_total}.
 */
public final class KafkaIngest implements AutoCloseable {
  /**
   * How the service reads a record: with the HTTP API's validation. Each method throws a
   * {@link RuntimeException} whose message says what is wrong when the record is not valid.
   */
  public interface Records {
    /** One event object; {@code recordEpochSecond} is its time when it gives none. */
    EventIn event(byte[] json, long recordEpochSecond);

    /** One item object, its id in {@code item}. */
    ItemMeta item(byte[] json);
  }

  private final ConsumerLoop loop;
  private final Thread thread;

  private KafkaIngest(ConsumerLoop loop) {
    this.loop = loop;
    this.thread = Thread.ofPlatform().name("swarmrec-kafka").daemon(true).start(loop);
  }

  /** Starts consuming the topics named by {@code cfg} (which must name a broker: {@code kafka}). */
  public static KafkaIngest start(ServerConfig cfg, Engine engine, Metrics metrics, Records records) {
    String servers = cfg.kafkaServers();
    if (servers == null) {
      throw new IllegalArgumentException("no Kafka broker configured (kafka=HOST:PORT)");
    }
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer = new KafkaConsumer<>(consumerProperties(servers, cfg.get("kafka-group")), new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
    } catch (KafkaException e) {
      throw new IllegalArgumentException("cannot consume from Kafka at " + servers + ": " + rootMessage(e), e);
    }
    return new KafkaIngest(new ConsumerLoop(consumer, engine, records, metrics, cfg.get("kafka-topic-events"),
        cfg.get("kafka-topic-items")));
  }

  /**
   * The consumer's settings: offsets committed by the service only, after the store commit; a new group reads
   * each topic from its start; only committed records of transactional producers; polls of up to 10,000 records,
   * which the store commits in one group; a consumer that stops heartbeating loses its partitions after 10 s.
   */
  static Properties consumerProperties(String servers, String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "swarmrec-" + ProcessHandle.current().pid());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
    // a consumer that died is replaced after 10 s instead of the default 45 s (the broker's minimum is 6 s)
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
    return p;
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** Stops after the batch being stored, commits its offsets and leaves the group. */
  @Override
  public void close() {
    loop.stop();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
