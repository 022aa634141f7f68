package io.swarmrec.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdDictionaryTest {

  @Test
  void assignsDenseIdsInOrderAndFindsThemAgain() {
    IdDictionary d = new IdDictionary();
    assertThat(d.getOrAdd("alice")).isZero();
    assertThat(d.getOrAdd("bob")).isEqualTo(1);
    assertThat(d.getOrAdd("alice")).isZero();
    assertThat(d.get("bob")).isEqualTo(1);
    assertThat(d.get("carol")).isEqualTo(IdDictionary.ABSENT);
    assertThat(d.key(1)).isEqualTo("bob");
    assertThat(d.size()).isEqualTo(2);
    assertThatThrownBy(() -> d.key(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void agreesWithHashMapOverManyKeysThroughRehashes() {
    IdDictionary d = new IdDictionary(4);
    Map<String, Integer> ref = new HashMap<>();
    Random rnd = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      String k = "u" + rnd.nextInt(120_000);
      int id = d.getOrAdd(k);
      Integer prev = ref.putIfAbsent(k, id);
      assertThat(prev == null ? id : prev).isEqualTo(id);
    }
    assertThat(d.size()).isEqualTo(ref.size());
    ref.forEach((k, v) -> {
      assertThat(d.get(k)).isEqualTo(v);
      assertThat(d.key(v)).isEqualTo(k);
    });
  }

  @Test
  void copyIsIndependent() {
    IdDictionary d = new IdDictionary();
    d.getOrAdd("a");
    IdDictionary c = d.copy();
    c.getOrAdd("b");
    assertThat(d.get("b")).isEqualTo(IdDictionary.ABSENT);
    assertThat(c.get("a")).isZero();
    assertThat(c.get("b")).isEqualTo(1);
  }

  @Test
  void keepsEveryStringExactlyIncludingNonAsciiAndMalformedOnes() {
    IdDictionary d = new IdDictionary(2);
    String[] keys = {"a1", "é", "日本", "\uD83D\uDE00", "\uD800", "?", "", "a1\u0000", "\u07FF\u0800"};
    for (int i = 0; i < keys.length; i++) {
      assertThat(d.getOrAdd(keys[i])).as(keys[i]).isEqualTo(i);
    }
    for (int i = 0; i < keys.length; i++) {
      assertThat(d.get(keys[i])).isEqualTo(i);
      assertThat(d.key(i)).isEqualTo(keys[i]);
    }
    assertThat(d.get("\uD801")).isEqualTo(IdDictionary.ABSENT);
    assertThat(d.get("a")).isEqualTo(IdDictionary.ABSENT);
    assertThat(d.get("日")).isEqualTo(IdDictionary.ABSENT);
    assertThat(d.copy().key(2)).isEqualTo("日本");
  }

  @Test
  void aMillionShortIdsTakeAboutThirtyBytesEach() {
    IdDictionary d = new IdDictionary();
    for (int i = 0; i < 1_000_000; i++) {
      d.getOrAdd("a" + i);
    }
    assertThat(d.estimatedBytes() / 1_000_000.0).isBetween(20.0, 40.0);
    assertThat(d.key(999_999)).isEqualTo("a999999");
  }
}
