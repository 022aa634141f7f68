package io.swarmrec.eval.synthetic;

import java.nio.charset.StandardCharsets;

/**
 * Formats an {@link EventBlock} as TSV lines {@code a<agent> TAB i<item> TAB value TAB epochSecond TAB type}
 * (the generic {@code user item value timestamp type} layout every reader of swarmrec takes)
 * straight into a byte array: ASCII digits written backwards from a precomputed width, no String, no
 * {@code String.format}, no charset encoder. Writing 50 million lines this way costs a fraction of what
 * compressing them does.
 */
final class TsvEncoder {
  private static final byte[][] LABELS = labels();
  private static final int LONGEST_LABEL = 6;

  private final long windowStart;
  private final int lineBound;

  TsvEncoder(long windowStart, int agents, int items, long windowEnd) {
    this.windowStart = windowStart;
    // a, digits, TAB, i, digits, TAB, one-digit value, TAB, timestamp, TAB, label, LF
    this.lineBound = 1 + digits(agents) + 2 + digits(items) + 1 + LONGEST_LABEL + 3 + digits(windowEnd) + 1;
  }

  /** An upper bound on the bytes of {@code events} lines. */
  long bound(int events) {
    return (long) events * lineBound;
  }

  /** Writes the block's lines into {@code out} (at least {@link #bound} long); returns the bytes written. */
  int encode(EventBlock block, byte[] out) {
    int pos = 0;
    for (int p = 0, n = block.size(); p < n; p++) {
      out[pos++] = 'a';
      pos = writeDecimal(block.agent[p], out, pos);
      out[pos++] = '\t';
      out[pos++] = 'i';
      pos = writeDecimal(block.item[p], out, pos);
      out[pos++] = '\t';
      out[pos++] = (byte) ('0' + block.value[p]);
      out[pos++] = '\t';
      pos = writeDecimal(windowStart + block.time[p], out, pos);
      out[pos++] = '\t';
      byte[] label = LABELS[block.kind[p]];
      System.arraycopy(label, 0, out, pos, label.length);
      pos += label.length;
      out[pos++] = '\n';
    }
    return pos;
  }

  /** Writes non-negative {@code v} in decimal at {@code pos}; returns the position after it. */
  static int writeDecimal(long v, byte[] out, int pos) {
    int end = pos + digits(v);
    for (int q = end - 1; q >= pos; q--) {
      out[q] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    return end;
  }

  static int digits(long v) {
    int d = 1;
    while (v >= 10) {
      v /= 10;
      d++;
    }
    return d;
  }

  private static byte[][] labels() {
    EventKind[] kinds = EventKind.values();
    byte[][] out = new byte[kinds.length][];
    for (EventKind k : kinds) {
      out[k.ordinal()] = k.label().getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }
}
