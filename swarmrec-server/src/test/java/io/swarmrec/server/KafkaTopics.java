package io.swarmrec.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A fresh pair of topics (events, items) and consumer group on the test broker ({@link RealServers#KAFKA}),
 * with a producer; close() deletes the topics. Skips (fails under CI) when no broker answers.
 */
final class KafkaTopics implements AutoCloseable {
  final String events;
  final String items;
  final String group;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;

  KafkaTopics(int eventPartitions) throws Exception {
    RealServers.requireKafka();
    String run = "srtest-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    events = run + ".events";
    items = run + ".items";
    group = run;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.KAFKA);
    admin = Admin.create(p);
    admin.createTopics(List.of(new NewTopic(events, eventPartitions, (short) 1), new NewTopic(items, 1, (short) 1)))
        .all().get(30, TimeUnit.SECONDS);
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.KAFKA);
    pp.put(ProducerConfig.ACKS_CONFIG, "all");
    pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    pp.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 << 10));
    producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer());
  }

  /** The service settings that consume these topics. */
  Map<String, String> settings() {
    Map<String, String> m = new HashMap<>();
    m.put("kafka", RealServers.KAFKA);
    m.put("kafka-topic-events", events);
    m.put("kafka-topic-items", items);
    m.put("kafka-group", group);
    return m;
  }

  void send(String topic, String key, String value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  /**
   * Events {@code from} until {@code to}: event i is a view of item {@code k<i>} (one item per event, so a
   * stored event is found by its item) by one of 500 users, keyed by user.
   */
  void sendEvents(int from, int to) {
    for (int i = from; i < to; i++) {
      String user = "w" + (i % 500);
      send(events, user, "{\"user\":\"" + user + "\",\"item\":\"k" + i + "\",\"type\":\"view\",\"timestamp\":"
          + (1_700_000_000L + i) + "}");
    }
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() throws Exception {
    producer.close();
    try {
      admin.deleteTopics(List.of(events, items)).all().get(30, TimeUnit.SECONDS);
    } finally {
      admin.close();
    }
  }
}
