package io.swarmrec.cache;

/**
 * Redis key layout. Every key of a user carries the user id as a Redis Cluster hash tag ({@code {user}}),
 * so a user's entries and generation token land in one slot: a lookup that reads both (one MGET) stays a
 * single-slot command on a cluster too.
 *
 * <pre>
 *   {prefix}:r:{user}:{k}:{algorithm}:{scene}:{device}:{location}   an entry (absent context = empty)
 *   {prefix}:g:{user}                                               the user's generation token
 *   {prefix}:epoch                                                  the global generation
 *   {prefix}:inval                                                  the pub/sub invalidation channel
 * </pre>
 *
 * Ids are percent-escaped ({@code %}, {@code :}, {@code {}, {@code }} and control characters) so that no
 * id can forge a separator or end the hash tag early; the escaping is injective, so two different keys
 * never share a Redis key. Ids without those characters, the usual case, are used as they are.
 */
final class RedisKeys {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String entryPrefix;
  private final String generationPrefix;
  private final String epoch;
  private final String channel;

  RedisKeys(String prefix) {
    entryPrefix = prefix + ":r:{";
    generationPrefix = prefix + ":g:{";
    epoch = prefix + ":epoch";
    channel = prefix + ":inval";
  }

  String entry(RecKey key) {
    StringBuilder b = new StringBuilder(entryPrefix.length() + 64).append(entryPrefix);
    escape(key.user(), b).append("}:").append(key.k()).append(':');
    escape(key.algorithm(), b).append(':');
    escape(key.scene(), b).append(':');
    escape(key.device(), b).append(':');
    return escape(key.location(), b).toString();
  }

  String generation(String user) {
    return escape(user, new StringBuilder(generationPrefix.length() + user.length() + 1).append(generationPrefix))
        .append('}').toString();
  }

  String epoch() {
    return epoch;
  }

  String channel() {
    return channel;
  }

  static String escape(String s) {
    return escape(s, new StringBuilder()).toString();
  }

  private static StringBuilder escape(String s, StringBuilder b) {
    if (s == null) {
      return b;
    }
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == '%' || c == ':' || c == '{' || c == '}' || c < 0x20 || c == 0x7F) {
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        b.append(c);
      }
    }
    return b;
  }
}
