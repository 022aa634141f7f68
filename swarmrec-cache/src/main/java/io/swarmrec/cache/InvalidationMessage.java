package io.swarmrec.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * What replicas tell each other on the invalidation channel: "these users acted" or "everything before
 * this epoch is stale". Binary, with the sender's id so a replica can skip its own messages.
 *
 * <pre>
 *   byte version (1), byte kind ('U' users | 'A' all), long sender (8 bytes)
 *   'U': varint n, n x string user          'A': varint epoch
 * </pre>
 */
record InvalidationMessage(char kind, long sender, List<String> users, long epoch) {
  static final char USERS = 'U';
  static final char ALL = 'A';
  private static final int VERSION = 1;

  static byte[] users(long sender, List<String> users) {
    ByteWriter w = header(USERS, sender, 16 * users.size());
    w.writeVarLong(users.size());
    for (String u : users) {
      w.writeString(u);
    }
    return w.toByteArray();
  }

  static byte[] all(long sender, long epoch) {
    ByteWriter w = header(ALL, sender, 10);
    w.writeVarLong(epoch);
    return w.toByteArray();
  }

  static InvalidationMessage decode(byte[] bytes) {
    ByteReader in = new ByteReader(bytes, 0, bytes.length, "invalidation message");
    int version = in.readByte();
    if (version != VERSION) {
      throw in.corrupt("unsupported version " + version);
    }
    char kind = (char) in.readByte();
    long sender = ((long) in.readInt() << 32) | (in.readInt() & 0xFFFFFFFFL);
    InvalidationMessage m;
    if (kind == USERS) {
      int n = in.readCount(1);
      List<String> users = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        users.add(in.readString());
      }
      m = new InvalidationMessage(kind, sender, users, 0);
    } else if (kind == ALL) {
      m = new InvalidationMessage(kind, sender, List.of(), in.readVarLong());
    } else {
      throw in.corrupt("unknown kind '" + kind + "'");
    }
    in.expectEnd();
    return m;
  }

  private static ByteWriter header(char kind, long sender, int sizeHint) {
    ByteWriter w = new ByteWriter(10 + sizeHint);
    w.writeByte(VERSION);
    w.writeByte(kind);
    w.writeInt((int) (sender >>> 32));
    w.writeInt((int) sender);
    return w;
  }
}
