package io.swarmrec.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdempotencyTest {
  private final AtomicLong clock = new AtomicLong(1_000);
  private final Idempotency keys = new Idempotency(60_000, 100, clock::get);
  private final AtomicInteger writes = new AtomicInteger();

  private CompletableFuture<Long> write() {
    return CompletableFuture.completedFuture((long) writes.incrementAndGet());
  }

  @Test
  void aRepeatedKeyWithTheSameContentIsWrittenOnceAndGetsTheFirstAnswer() {
    assertThat(keys.once("k", 42, this::write).join()).isEqualTo(1L);
    assertThat(keys.once("k", 42, this::write).join()).isEqualTo(1L);
    assertThat(writes).hasValue(1);
    assertThat(keys.once(null, 42, this::write).join()).isEqualTo(2L); // no key: always written
  }

  @Test
  void aRetryWhileTheFirstIsInFlightWaitsForIt() {
    CompletableFuture<Long> slow = new CompletableFuture<>();
    CompletableFuture<Long> first = keys.once("k", 1, () -> slow);
    CompletableFuture<Long> retry = keys.once("k", 1, this::write);
    assertThat(retry).isNotDone();
    slow.complete(9L);
    assertThat(first.join()).isEqualTo(9L);
    assertThat(retry.join()).isEqualTo(9L);
    assertThat(writes).hasValue(0);
  }

  @Test
  void otherContentUnderTheSameKeyIsAConflictAndAFailedAttemptCanBeRetried() {
    keys.once("k", 1, this::write).join();
    assertThatThrownBy(() -> keys.once("k", 2, this::write).join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(Refusal.Conflict.class);
    CompletableFuture<Long> broken = CompletableFuture.failedFuture(new IllegalStateException("store down"));
    assertThatThrownBy(() -> keys.once("f", 1, () -> broken).join()).isInstanceOf(CompletionException.class);
    assertThat(keys.once("f", 1, this::write).join()).isEqualTo(2L); // the failure was not remembered
  }

  @Test
  void keysExpireAfterTheWindowAndEventIdsAreRemembered() {
    keys.once("k", 1, this::write).join();
    clock.addAndGet(60_001);
    assertThat(keys.once("k", 1, this::write).join()).isEqualTo(2L);
    keys.stored(new String[] {"e1", null});
    assertThat(keys.seen(new String[] {"e1", "e2", null})).containsExactly(true, false, false);
    clock.addAndGet(60_001);
    assertThat(keys.seen(new String[] {"e1"})).containsExactly(false);
  }

  @Test
  void theOldestKeysGoWhenFull() {
    for (int i = 0; i < 300; i++) {
      clock.incrementAndGet();
      keys.stored(new String[] {"e" + i});
    }
    boolean[] seen = keys.seen(new String[] {"e0", "e299"});
    assertThat(seen[0]).isFalse();
    assertThat(seen[1]).isTrue();
  }
}
