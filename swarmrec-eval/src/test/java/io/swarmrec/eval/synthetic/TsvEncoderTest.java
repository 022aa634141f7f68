package io.swarmrec.eval.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TsvEncoderTest {

  @Test
  void writesDecimalsOfEveryWidth() {
    for (long v : new long[] {0, 7, 10, 99, 100, 1_704_067_200L, Long.MAX_VALUE}) {
      byte[] out = new byte[25];
      int end = TsvEncoder.writeDecimal(v, out, 3);
      assertThat(new String(out, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
    }
  }

  @Test
  void encodesOneLinePerEvent() {
    EventBlock block = new EventBlock(3);
    block.add(0, 199_999, EventKind.VIEW, 1, 0);
    block.add(12, 5, EventKind.RATING, 4, 86_399);
    block.add(999_999, 0, EventKind.SHARE, 1, 7);
    TsvEncoder encoder = new TsvEncoder(1_704_067_200L, 1_000_000, 200_000, 1_704_067_200L + 86_400);
    byte[] out = new byte[(int) encoder.bound(block.size())];
    int n = encoder.encode(block, out);
    assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo("""
        a0\ti199999\t1\t1704067200\tview
        a12\ti5\t4\t1704153599\trating
        a999999\ti0\t1\t1704067207\tshare
        """);
  }
}
