package io.swarmrec.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.store.Event;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyTextEncoderTest {

  @Test
  void escapesTheCharactersTheTextFormatReserves() {
    StringBuilder sb = new StringBuilder();
    CopyTextEncoder.appendText(sb, "a\tb\\c\nd\re \\N \"q\" ü");
    assertThat(sb).hasToString("a\\tb\\\\c\\nd\\re \\\\N \"q\" ü");
  }

  @Test
  void writesOneTabSeparatedLinePerEventWithNullMarkers() {
    StringBuilder sb = new StringBuilder();
    CopyTextEncoder.appendRow(sb, new Event("u\\1", "i", "rating", 4.5f, 0));
    CopyTextEncoder.appendRow(sb, Event.of("u", "i", "view", Event.NO_TIME));
    assertThat(sb).hasToString("u\\\\1\ti\trating\t4.5\t1970-01-01 00:00:00+00\n" + "u\ti\tview\t\\N\t\\N\n");
  }

  @Test
  void formatsTimestampsLikeJavaTimeAcrossTheWholeRange() {
    DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'+00'").withZone(ZoneOffset.UTC);
    Random rnd = new Random(11);
    long[] fixed = {Event.MIN_EPOCH_SECOND, Event.MAX_EPOCH_SECOND, -1, 0, 951_782_400L /* 2000-02-29 */};
    for (long t : fixed) {
      assertThat(format(t)).isEqualTo(iso.format(Instant.ofEpochSecond(t)));
    }
    for (int i = 0; i < 10_000; i++) {
      long t = Event.MIN_EPOCH_SECOND + (long) (rnd.nextDouble() * (Event.MAX_EPOCH_SECOND - Event.MIN_EPOCH_SECOND));
      assertThat(format(t)).isEqualTo(iso.format(Instant.ofEpochSecond(t)));
    }
  }

  private static String format(long t) {
    StringBuilder sb = new StringBuilder();
    CopyTextEncoder.appendTimestamp(sb, t);
    return sb.toString();
  }
}
