package io.swarmrec.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
  private final RedisKeys keys = new RedisKeys("sr");

  @Test
  void layoutPutsTheUserInAHashTag() {
    assertThat(keys.entry(new RecKey("u1", 10, "itemknn", "feed", "ios", "paris")))
        .isEqualTo("sr:r:{u1}:10:itemknn:feed:ios:paris");
    assertThat(keys.entry(RecKey.of("u1", 5, "als"))).isEqualTo("sr:r:{u1}:5:als:::");
    assertThat(keys.generation("u1")).isEqualTo("sr:g:{u1}");
    assertThat(keys.channel()).isEqualTo("sr:inval");
  }

  @Test
  void escapesSeparatorsAndBracesSoTheHashTagIsTheWholeUser() {
    String key = keys.entry(new RecKey("a:b}{c%d\n", 3, "x:y", "s}", null, "l{"));
    assertThat(key).isEqualTo("sr:r:{a%3Ab%7D%7Bc%25d%0A}:3:x%3Ay:s%7D::l%7B");
    // Redis Cluster hashes the text between the first '{' and the next '}': exactly the escaped user
    String tag = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
    assertThat(tag).isEqualTo(RedisKeys.escape("a:b}{c%d\n"));
    assertThat(keys.generation("a:b}{c%d\n")).contains("{" + tag + "}");
  }

  @Test
  void differentKeysNeverShareARedisKey() {
    List<RecKey> tricky = List.of(
        RecKey.of("a:5", 1, "x"), RecKey.of("a", 5, "1:x"),
        new RecKey("u", 1, "x", "a:b", null, null), new RecKey("u", 1, "x", "a", "b", null),
        new RecKey("u", 1, "x", null, "a", "b"), new RecKey("u", 1, "x", "a%3Ab", null, null),
        RecKey.of("u%", 1, "x"), RecKey.of("u%25", 1, "x"), RecKey.of("u}", 1, "x"), RecKey.of("u%7D", 1, "x"));
    Set<String> encoded = new HashSet<>();
    for (RecKey k : tricky) {
      encoded.add(keys.entry(k));
    }
    assertThat(encoded).hasSize(tricky.size());
  }

  @Test
  void emptyContextMeansAbsent() {
    assertThat(new RecKey("u", 5, "als", "", "", "")).isEqualTo(RecKey.of("u", 5, "als"));
  }

  @Test
  void rejectsBadKeys() {
    assertThatThrownBy(() -> RecKey.of("", 5, "als")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user id");
    assertThatThrownBy(() -> RecKey.of(null, 5, "als")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RecKey.of("u", 0, "als")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be at least 1");
    assertThatThrownBy(() -> RecKey.of("u", 5, "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("algorithm");
  }
}
