package io.swarmrec.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote, checking every length against the bytes that remain, so that corrupt
 * or truncated input fails with a clear {@link IllegalArgumentException} instead of a huge allocation or an
 * index error. The messages start with the name of what is being read (given at construction).
 */
final class ByteReader {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final byte[] buf;
  private final int end;
  private final String what;
  private int pos;

  ByteReader(byte[] buf, int from, int to, String what) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
    this.what = what;
  }

  int remaining() {
    return end - pos;
  }

  int readByte() {
    need(1, "a byte");
    return buf[pos++] & 0xFF;
  }

  long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1, "a varint");
      int b = buf[pos++];
      v |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return v;
      }
    }
    throw corrupt("varint longer than 10 bytes at offset " + (pos - 10));
  }

  long readSignedVarLong() {
    long z = readVarLong();
    return (z >>> 1) ^ -(z & 1);
  }

  /** A varint used as a count of elements that take at least {@code minBytesEach} bytes each. */
  int readCount(int minBytesEach) {
    long n = readVarLong();
    if (n < 0 || n * minBytesEach > remaining()) {
      throw corrupt("count " + n + " does not fit in the " + remaining() + " remaining bytes");
    }
    return (int) n;
  }

  int readInt() {
    need(4, "an int");
    int v = (int) INT.get(buf, pos);
    pos += 4;
    return v;
  }

  float readFloat() {
    return Float.intBitsToFloat(readInt());
  }

  String readString() {
    int n = readCount(1);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  void expectEnd() {
    if (pos != end) {
      throw corrupt((end - pos) + " trailing bytes");
    }
  }

  IllegalArgumentException corrupt(String detail) {
    return new IllegalArgumentException("corrupt " + what + ": " + detail);
  }

  private void need(int n, String item) {
    if (end - pos < n) {
      throw corrupt("truncated, " + (end - pos) + " bytes left where " + item + " was expected");
    }
  }
}
