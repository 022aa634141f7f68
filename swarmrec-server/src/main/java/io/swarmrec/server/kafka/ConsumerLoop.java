package io.swarmrec.server.kafka;

import io.swarmrec.server.engine.Engine;
import io.swarmrec.server.engine.EventIn;
import io.swarmrec.server.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poll, store, commit: the loop of {@link KafkaIngest}, on the one thread that owns the consumer.
 *
 * <p><b>Exactly once into the store.</b> Kafka's own exactly-once (idempotent producers, transactions) ends at
 * Kafka's border; a sink outside it stores each record once only if its write and the read position it reached
 * are one atomic fact. That is the pattern of the KafkaConsumer documentation's "Storing Offsets Outside Kafka",
 * of Kafka Connect's exactly-once sinks (the HDFS connector keeps offsets in the names of the files it commits),
 * and of Kleppmann's "Designing Data-Intensive Applications" (ch. 11, exactly-once through idempotence or
 * atomic commit of output and offset). Here the position to resume each event partition from is written by
 * {@code InteractionStore.appendAsync(events, positions)} in the very transaction of the events read before it.
 * When a partition is assigned, and after any failed store call, the consumer seeks to the stored position
 * (Kafka's committed offset counts only for a partition the store has never seen). Whatever happens, a crash
 * replays exactly the records whose transaction did not commit: none lost, none stored twice. Kafka's offsets
 * are committed after the store commit as well, for the tools that read them. Item records are upserts,
 * harmless to replay, and resume from Kafka's committed offsets.
 *
 * <p><b>Pipelining.</b> One batch (one poll, up to 10,000 records) is in the store while the next is polled and
 * parsed; a batch goes to the store only once the previous one is known committed, so that a failed batch is
 * never followed by a stored one that would move the stored position past its records. A failed store call
 * rewinds the partitions and is retried with a growing pause (0.2 s to 30 s).
 *
 * <p><b>Bad records</b> (not JSON, breaking a rule of the HTTP API) are counted, logged (at most one line a
 * second, with the count of the others) and skipped: their offsets are part of the positions stored with the
 * batch, so they neither block their partition nor come back.
 *
 * <p><b>Rebalances</b> happen inside {@code poll}: before partitions are revoked, the batch in flight is waited
 * for and its offsets committed, so the next owner resumes from final positions. The one gap is a consumer
 * thrown out of its group for exceeding {@code max.poll.interval.ms} (5 minutes) inside one store call: it may
 * still store that batch after the next owner resumed, storing it twice.
 */
final class ConsumerLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
  /** Prefix of the store's source positions of Kafka partitions: {@code kafka:<topic>:<partition>}. */
  static final String POSITION_PREFIX = "kafka:";
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long FIRST_PAUSE_MS = 200;
  private static final long MAX_PAUSE_MS = 30_000;

  private final Consumer<byte[], byte[]> consumer;
  private final Engine engine;
  private final KafkaIngest.Records records;
  private final String eventsTopic;
  private final String itemsTopic;
  private final AtomicLong storedEvents = new AtomicLong();
  private final AtomicLong storedItems = new AtomicLong();
  private final AtomicLong invalidEvents = new AtomicLong();
  private final AtomicLong invalidItems = new AtomicLong();
  /** Records on the broker not yet stored, per assigned partition (written by the loop, read by scrapes). */
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
  /** The loop thread's own state from here on. */
  private final Map<TopicPartition, Long> storedNext = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
  private Batch inFlight;
  private long pauseMs;
  private long lastBadLog;
  private int badNotLogged;
  private volatile boolean running = true;

  /**
   * A batch handed to the store: the first offset and the next position of each of its partitions, the
   * store's answers, and how many valid records of each topic it holds.
   */
  private record Batch(Map<TopicPartition, Long> first, Map<TopicPartition, Long> next, CompletableFuture<?> events,
      CompletableFuture<?> items, int eventCount, int itemCount) {}

  ConsumerLoop(Consumer<byte[], byte[]> consumer, Engine engine, KafkaIngest.Records records, Metrics metrics,
      String eventsTopic, String itemsTopic) {
    this.consumer = consumer;
    this.engine = engine;
    this.records = records;
    this.eventsTopic = eventsTopic;
    this.itemsTopic = itemsTopic;
    metrics.counter("swarmrec_kafka_records", "Records read from Kafka by topic and outcome (stored; invalid: skipped)",
        cb -> {
          cb.call(storedEvents.get(), eventsTopic, "stored");
          cb.call(invalidEvents.get(), eventsTopic, "invalid");
          cb.call(storedItems.get(), itemsTopic, "stored");
          cb.call(invalidItems.get(), itemsTopic, "invalid");
        }, "topic", "outcome");
    metrics.gauge("swarmrec_kafka_consumer_lag", "Records on the Kafka broker not yet stored, by topic and partition",
        cb -> lag.forEach((tp, n) -> cb.call(n, tp.topic(), Integer.toString(tp.partition()))), "topic", "partition");
  }

  /** The store's source name of a partition's position. */
  static String positionName(TopicPartition tp) {
    return POSITION_PREFIX + tp.topic() + ":" + tp.partition();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(eventsTopic, itemsTopic), new Rebalance());
      while (running) {
        try {
          step();
        } catch (WakeupException e) {
          // stop() asked; the loop condition ends it
        } catch (KafkaException e) {
          LOG.warn("Kafka consumer: {}; retrying", e.toString());
          pause();
        } catch (RuntimeException e) { // a bug: start over from what is stored, as a restart would
          LOG.error("Kafka consumer failed; resuming from the stored positions", e);
          pause();
          restart();
        }
      }
      settle();
      commit(true);
    } catch (RuntimeException e) {
      LOG.error("Kafka consumer stopped", e);
    } finally {
      lag.clear();
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn("closing the Kafka consumer: {}", e.toString());
      }
    }
  }

  /** Asks the loop to end after the batch in flight; safe from any thread. */
  void stop() {
    running = false;
    consumer.wakeup();
    synchronized (this) {
      notifyAll();
    }
  }

  private void step() {
    ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
    Map<TopicPartition, Long> next = new HashMap<>();
    for (TopicPartition tp : polled.partitions()) {
      next.put(tp, consumer.position(tp)); // past the returned records (and any control records after them)
    }
    Set<TopicPartition> rewound = settle();
    if (rewound != null) { // the previous batch failed: what was just polled is read again after it
      for (TopicPartition tp : polled.partitions()) {
        if (!rewound.contains(tp)) {
          consumer.seek(tp, polled.records(tp).getFirst().offset());
        }
      }
      pause();
      return;
    }
    commit(false);
    if (!polled.isEmpty()) {
      inFlight = submit(polled, next);
    }
    measureLag();
  }

  /** Parses a poll's records and hands the valid ones to the store, events with their partitions' positions. */
  private Batch submit(ConsumerRecords<byte[], byte[]> polled, Map<TopicPartition, Long> next) {
    List<EventIn> events = new ArrayList<>(polled.count());
    List<CompletableFuture<Void>> items = new ArrayList<>();
    Map<String, Long> positions = new HashMap<>();
    Map<TopicPartition, Long> first = new HashMap<>();
    for (TopicPartition tp : polled.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> rs = polled.records(tp);
      first.put(tp, rs.getFirst().offset());
      storedNext.putIfAbsent(tp, rs.getFirst().offset()); // the first records since the assignment: none stored yet
      boolean isEvents = tp.topic().equals(eventsTopic);
      for (ConsumerRecord<byte[], byte[]> r : rs) {
        try {
          if (r.value() == null) {
            throw new IllegalArgumentException("the record has no value");
          }
          if (isEvents) {
            events.add(records.event(r.value(), r.timestamp() >= 0 ? r.timestamp() / 1000
                : System.currentTimeMillis() / 1000)); // a store Event: the store's rules are checked

          } else {
            items.add(engine.putItem(records.item(r.value()))); // checked before it returns
          }
        } catch (RuntimeException e) {
          invalid(r, e, isEvents);
        }
      }
      if (isEvents) {
        positions.put(positionName(tp), next.get(tp));
      }
    }
    CompletableFuture<?> stored = positions.isEmpty() ? CompletableFuture.completedFuture(null)
        : ingest(events, positions);
    return new Batch(first, next, stored, CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)),
        events.size(), items.size());
  }

  private CompletableFuture<?> ingest(List<EventIn> events, Map<String, Long> positions) {
    try {
      return engine.ingest(events, positions);
    } catch (RuntimeException e) { // a check the records passed above should not fail: retried like a failure
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Waits for the batch in the store. Returns null when it was stored (or there was none); otherwise the
   * partitions rewound to be read again: event partitions to the store's positions, item partitions to the
   * batch's first offsets.
   */
  private Set<TopicPartition> settle() {
    Batch b = inFlight;
    if (b == null) {
      return null;
    }
    inFlight = null;
    Throwable eventsFailed = failure(b.events);
    Throwable itemsFailed = failure(b.items);
    Set<TopicPartition> rewound = new HashSet<>();
    for (TopicPartition tp : b.next.keySet()) {
      boolean isEvents = tp.topic().equals(eventsTopic);
      if ((isEvents ? eventsFailed : itemsFailed) == null) {
        storedNext.put(tp, b.next.get(tp));
        toCommit.put(tp, new OffsetAndMetadata(b.next.get(tp)));
      } else {
        rewound.add(tp);
      }
    }
    if (eventsFailed == null) {
      storedEvents.addAndGet(b.eventCount);
    }
    if (itemsFailed == null) {
      storedItems.addAndGet(b.itemCount);
    }
    if (rewound.isEmpty()) {
      pauseMs = 0;
      return null;
    }
    Throwable cause = eventsFailed != null ? eventsFailed : itemsFailed;
    LOG.warn("storing records from Kafka failed ({}); reading {} again", cause.toString(), rewound);
    List<TopicPartition> events = new ArrayList<>();
    for (TopicPartition tp : rewound) {
      if (tp.topic().equals(eventsTopic)) {
        events.add(tp);
      } else {
        consumer.seek(tp, b.first.get(tp));
      }
    }
    resume(events, b.first);
    return rewound;
  }

  private static Throwable failure(CompletableFuture<?> f) {
    try {
      f.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * Seeks event partitions to the positions the store holds for them (the truth, even when a failed call did
   * commit), or to {@code fallback} for those it has none of; without a fallback Kafka's committed offset holds.
   */
  private void resume(Collection<TopicPartition> partitions, Map<TopicPartition, Long> fallback) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<String, Long> stored = null;
    while (stored == null && running) {
      try {
        stored = engine.sourcePositions(POSITION_PREFIX + eventsTopic + ":");
      } catch (RuntimeException e) {
        LOG.warn("reading the stored Kafka positions failed ({}); retrying", e.toString());
        pause();
      }
    }
    if (stored == null) {
      return; // stopping: nothing was committed past the store, the next start resumes from it
    }
    for (TopicPartition tp : partitions) {
      Long at = stored.getOrDefault(positionName(tp), fallback.get(tp));
      if (at != null) {
        consumer.seek(tp, at);
        storedNext.put(tp, at);
      }
    }
  }

  /**
   * Puts every assigned partition back where a fresh start would begin: event partitions at the store's
   * positions, item partitions at Kafka's committed offsets (their start when none).
   */
  private void restart() {
    try {
      if (inFlight != null) {
        failure(inFlight.events);
        failure(inFlight.items);
        inFlight = null;
      }
      toCommit.clear();
      Set<TopicPartition> assigned = consumer.assignment();
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
      List<TopicPartition> events = new ArrayList<>();
      Map<TopicPartition, Long> fallback = new HashMap<>();
      for (TopicPartition tp : assigned) {
        OffsetAndMetadata at = committed.get(tp);
        if (at == null) {
          consumer.seekToBeginning(List.of(tp));
        } else if (tp.topic().equals(eventsTopic)) {
          fallback.put(tp, at.offset());
        } else {
          consumer.seek(tp, at);
        }
        if (tp.topic().equals(eventsTopic)) {
          events.add(tp);
        }
        storedNext.remove(tp);
      }
      resume(events, fallback);
    } catch (RuntimeException e) {
      LOG.error("Kafka consumer could not resume; retrying", e);
    }
  }

  /** Commits the offsets of what is stored to Kafka (for its tools; the store's positions are what counts). */
  private void commit(boolean sync) {
    if (toCommit.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(toCommit);
    toCommit.clear();
    if (!sync) {
      consumer.commitAsync(offsets, (o, e) -> {
        if (e != null) {
          LOG.debug("committing Kafka offsets failed: {}", e.toString());
        }
      });
      return;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        consumer.commitSync(offsets);
        return;
      } catch (WakeupException e) {
        // stop() woke the consumer up while closing: the commit is still wanted, try once more
      } catch (KafkaException e) {
        LOG.warn("committing Kafka offsets failed: {}", e.toString());
        return;
      }
    }
  }

  private void measureLag() {
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong behind = consumer.currentLag(tp);
      if (behind.isPresent()) {
        long position = consumer.position(tp); // known whenever the lag is
        lag.put(tp, Math.max(0, position + behind.getAsLong() - storedNext.getOrDefault(tp, position)));
      }
    }
  }

  private void invalid(ConsumerRecord<byte[], byte[]> r, RuntimeException e, boolean isEvent) {
    (isEvent ? invalidEvents : invalidItems).incrementAndGet();
    long now = System.currentTimeMillis();
    if (now - lastBadLog < 1000) {
      badNotLogged++;
      return;
    }
    LOG.warn("skipping invalid record {}-{}@{}: {}{}", r.topic(), r.partition(), r.offset(), e.getMessage(),
        badNotLogged > 0 ? " (and " + badNotLogged + " more since the last such line)" : "");
    lastBadLog = now;
    badNotLogged = 0;
  }

  /** Waits before a retry, longer each time in a row (until {@link #stop}). */
  private synchronized void pause() {
    pauseMs = pauseMs == 0 ? FIRST_PAUSE_MS : Math.min(MAX_PAUSE_MS, pauseMs * 2);
    long until = System.currentTimeMillis() + pauseMs;
    for (long left = pauseMs; left > 0 && running; left = until - System.currentTimeMillis()) {
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      settle(); // a failed batch's partitions go back to the store's positions, which the next owner reads
      commit(true);
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      List<TopicPartition> events = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        if (tp.topic().equals(eventsTopic)) {
          events.add(tp);
        }
      }
      resume(events, Map.of());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      settle(); // others own them already and resume from the store; nothing is committed for them
      for (TopicPartition tp : partitions) {
        toCommit.remove(tp);
      }
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        lag.remove(tp);
        storedNext.remove(tp);
      }
    }
  }
}
