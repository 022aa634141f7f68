package io.swarmrec.eval.synthetic;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses one buffer into one complete gzip member (RFC 1952: 10-byte header, raw deflate data, CRC-32
 * and length trailer).
 *
 * <p>Why members: RFC 1952 section 2.2 defines a gzip file as a series of members, and every reader
 * ({@code gzip -d}, {@link java.util.zip.GZIPInputStream}, Python, pigz) decompresses a concatenation as
 * one stream. So blocks can be compressed independently on several cores and simply appended in order,
 * like bgzip does. The header is fixed (no name, no modification time) so equal input gives equal bytes.
 */
final class GzipMember {
  private static final byte[] HEADER = {
      0x1f, (byte) 0x8b, // magic
      8,                 // compression method: deflate
      0,                 // flags: none
      0, 0, 0, 0,        // modification time: none
      0,                 // extra flags
      (byte) 255         // operating system: unknown
  };

  private GzipMember() {}

  /** The gzip member holding {@code data[0 .. length-1]}, compressed at deflate {@code level} (0..9). */
  static byte[] compress(byte[] data, int length, int level) {
    byte[] out = new byte[HEADER.length + length + (length >>> 6) + 64];
    System.arraycopy(HEADER, 0, out, 0, HEADER.length);
    int pos = HEADER.length;
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setInput(data, 0, length);
      deflater.finish();
      while (!deflater.finished()) {
        if (pos == out.length) {
          out = Arrays.copyOf(out, out.length + (out.length >>> 1));
        }
        pos += deflater.deflate(out, pos, out.length - pos);
      }
    } finally {
      deflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(data, 0, length);
    out = Arrays.copyOf(out, pos + 8);
    writeIntLe((int) crc.getValue(), out, pos);
    writeIntLe(length, out, pos + 4); // ISIZE: the length modulo 2^32
    return out;
  }

  private static void writeIntLe(int v, byte[] out, int pos) {
    out[pos] = (byte) v;
    out[pos + 1] = (byte) (v >>> 8);
    out[pos + 2] = (byte) (v >>> 16);
    out[pos + 3] = (byte) (v >>> 24);
  }
}
