package io.swarmrec.eval.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipMemberTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 6, 9})
  void concatenatedMembersReadAsOneStream(int level) throws IOException {
    byte[] a = "first block\n".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    byte[] b = "second\n".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(GzipMember.compress(a, a.length, level));
    file.write(GzipMember.compress(b, b.length, level));
    file.write(GzipMember.compress(new byte[0], 0, level));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.toByteArray()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("first block\n".repeat(5000) + "second\n");
    }
  }

  @Test
  void compressesOnlyTheGivenPrefixAndIsReproducible() throws IOException {
    byte[] data = "abcabcabc-ignored".getBytes(StandardCharsets.US_ASCII);
    byte[] member = GzipMember.compress(data, 9, 1);
    assertThat(member).isEqualTo(GzipMember.compress(data.clone(), 9, 1));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(member))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcabcabc");
    }
  }
}
