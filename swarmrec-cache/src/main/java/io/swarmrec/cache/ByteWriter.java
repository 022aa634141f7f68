package io.swarmrec.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer writing the primitives of swarmrec's wire formats: unsigned LEB128 varints
 * (as in Protocol Buffers), zig-zag varints for signed values, length-prefixed UTF-8 strings and raw
 * big-endian floats. {@link ByteReader} reads them back. Not thread-safe.
 */
final class ByteWriter {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  private int size;

  ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  /** The written bytes so far, in a buffer that may be longer than {@link #size()}. */
  byte[] buffer() {
    return buf;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  void writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /** Zig-zag first, so that small negative numbers stay short. */
  void writeSignedVarLong(long v) {
    writeVarLong((v << 1) ^ (v >> 63));
  }

  void writeInt(int v) {
    ensure(4);
    INT.set(buf, size, v);
    size += 4;
  }

  void writeFloat(float f) {
    writeInt(Float.floatToRawIntBits(f));
  }

  void writeString(String s) {
    if (isAscii(s)) { // the common case for ids: no intermediate byte[]
      int n = s.length();
      writeVarLong(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[size + i] = (byte) s.charAt(i);
      }
      size += n;
    } else {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeVarLong(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, size, utf8.length);
      size += utf8.length;
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }
}
