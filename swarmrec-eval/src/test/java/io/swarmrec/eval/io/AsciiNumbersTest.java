package io.swarmrec.eval.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AsciiNumbersTest {
  private static double parseDouble(String s) {
    byte[] b = ("#" + s + "#").getBytes(StandardCharsets.US_ASCII); // parse inside a larger buffer
    return AsciiNumbers.parseDouble(b, 1, b.length - 1);
  }

  private static long parseLong(String s) {
    byte[] b = ("#" + s + "#").getBytes(StandardCharsets.US_ASCII);
    return AsciiNumbers.parseLong(b, 1, b.length - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4", "3.5", "-2.25", "+7", "0.1", ".5", "5.", "1e3", "2.5E-2", "123456789012345678901",
      "0.30000000000000004"})
  void parsesDecimalsLikeTheJdk(String s) {
    assertThat(parseDouble(s)).isEqualTo(Double.parseDouble(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", ".", "NaN", "Infinity", "1.5f", "0x1p3", "1,5", "1.2.3", "four", " 1"})
  void rejectsWhatIsNotADecimal(String s) {
    assertThat(parseDouble(s)).isNaN();
  }

  @ParameterizedTest
  @CsvSource({"964982703,964982703", "964982703.0,964982703", "-5,-5", "+12,12", "12.999,12"})
  void parsesEpochSeconds(String s, long expected) {
    assertThat(parseLong(s)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "1e9", "12a", "1.x", "2024-01-01", "1234567890123456789"})
  void rejectsMalformedEpochSeconds(String s) {
    assertThat(parseLong(s)).isEqualTo(AsciiNumbers.MALFORMED);
  }
}
