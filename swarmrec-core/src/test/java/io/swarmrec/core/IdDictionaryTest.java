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
}
