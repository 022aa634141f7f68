package io.swarmrec.eval.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdStringsTest {
  private final IdStrings ids = new IdStrings();

  private String of(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return ids.of(b, 0, b.length);
  }

  @Test
  void smallNumericIdsAreInterned() {
    String first = of("4711");
    assertThat(of("4711")).isSameAs(first).isEqualTo("4711");
    assertThat(of("0")).isEqualTo("0");
  }

  @Test
  void otherIdsDecodeAsTheyAre() {
    assertThat(of("007")).isEqualTo("007");
    assertThat(of("7")).isEqualTo("7");
    assertThat(of("-3")).isEqualTo("-3");
    assertThat(of("12345678")).isEqualTo("12345678");
    assertThat(of("Zoë")).isEqualTo("Zoë");
  }
}
