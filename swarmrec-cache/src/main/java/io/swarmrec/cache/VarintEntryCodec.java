package io.swarmrec.cache;

import java.util.zip.CRC32C;

/**
 * The bytes of one L2 entry: a {@link CachedRecs} plus the validity stamps written beside it. Compact and
 * explicit rather than Java serialization (which is large, slow, tied to class layout and a known attack
 * surface for anything read back from a shared server).
 *
 * <pre>
 *   byte     format version (1)
 *   byte     flags: bit 0 = degraded; other bits must be 0
 *   varint   user generation   (the token in sr:g:{user} when the list was computed; see TieredCache)
 *   varint   epoch             (the global generation, bumped by invalidateAll)
 *   zigzag   expires-at, epoch milliseconds (so that a promotion into L1 keeps the remaining TTL only)
 *   zigzag   model version
 *   zigzag   created-at, epoch milliseconds
 *   string   algorithm         (varint byte length, UTF-8)
 *   varint   n
 *   n x string  item ids
 *   n x float   scores, raw IEEE 754 bits, big-endian
 *   int      CRC-32C of all preceding bytes
 * </pre>
 *
 * A top-20 list of short ids takes about 20 x (1 + 8 + 4) + 30 = 290 bytes. The checksum costs 4 bytes
 * and catches what the structural checks cannot (a flipped bit inside a score); CRC-32C is a single
 * instruction per 8 bytes on current x86 and ARM cores. Decoding rejects any corruption, an unknown
 * version or trailing bytes with an {@link IllegalArgumentException} naming the problem.
 */
final class VarintEntryCodec {
  static final int VERSION = 1;
  private static final int DEGRADED = 1;
  private static final int MIN_BYTES_PER_ITEM = 1 + 4; // an empty id and its score

  /** What an L2 value holds. */
  record Entry(long userGeneration, long epoch, long expiresAtMillis, CachedRecs recs) {}

  private VarintEntryCodec() {}

  static byte[] encode(Entry e) {
    CachedRecs r = e.recs();
    ByteWriter w = new ByteWriter(64 + 16 * r.size());
    w.writeByte(VERSION);
    w.writeByte(r.degraded() ? DEGRADED : 0);
    w.writeVarLong(e.userGeneration());
    w.writeVarLong(e.epoch());
    w.writeSignedVarLong(e.expiresAtMillis());
    w.writeSignedVarLong(r.modelVersion());
    w.writeSignedVarLong(r.createdAtMillis());
    w.writeString(r.algorithm());
    w.writeVarLong(r.size());
    for (String id : r.itemIds()) {
      w.writeString(id);
    }
    for (float s : r.scores()) {
      w.writeFloat(s);
    }
    w.writeInt(crc(w.buffer(), w.size()));
    return w.toByteArray();
  }

  static Entry decode(byte[] bytes) {
    if (bytes.length < 2 + 4) {
      throw new IllegalArgumentException("corrupt cache entry: only " + bytes.length + " bytes");
    }
    if (bytes[0] != VERSION) {
      throw new IllegalArgumentException(
          "unsupported cache entry format version " + (bytes[0] & 0xFF) + " (this build reads " + VERSION + ")");
    }
    int body = bytes.length - 4;
    int stored = new ByteReader(bytes, body, bytes.length, "cache entry").readInt();
    if (stored != crc(bytes, body)) {
      throw new IllegalArgumentException("corrupt cache entry: checksum mismatch");
    }
    ByteReader in = new ByteReader(bytes, 1, body, "cache entry");
    int flags = in.readByte();
    if ((flags & ~DEGRADED) != 0) {
      throw in.corrupt("unknown flags " + Integer.toBinaryString(flags));
    }
    long userGeneration = in.readVarLong();
    long epoch = in.readVarLong();
    long expiresAt = in.readSignedVarLong();
    long modelVersion = in.readSignedVarLong();
    long createdAt = in.readSignedVarLong();
    String algorithm = in.readString();
    int n = in.readCount(MIN_BYTES_PER_ITEM);
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = in.readString();
    }
    float[] scores = new float[n];
    for (int i = 0; i < n; i++) {
      scores[i] = in.readFloat();
    }
    in.expectEnd();
    if (algorithm.isEmpty()) {
      throw in.corrupt("empty algorithm name");
    }
    CachedRecs recs = new CachedRecs(ids, scores, algorithm, (flags & DEGRADED) != 0, modelVersion, createdAt);
    return new Entry(userGeneration, epoch, expiresAt, recs);
  }

  private static int crc(byte[] b, int length) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, length);
    return (int) crc.getValue();
  }
}
