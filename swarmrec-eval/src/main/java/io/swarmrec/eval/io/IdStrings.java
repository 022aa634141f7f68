package io.swarmrec.eval.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns id fields into strings, interning small decimal ids. Datasets almost always number their users
 * and items, and each id recurs on many lines: caching the string of every id below
 * {@link #MAX_CACHED} in an array indexed by its value makes a repeated id cost one digit loop instead of a
 * UTF-8 decode, an allocation and, later, a fresh hash code in the dictionary lookup. Ids with a sign, a
 * leading zero ({@code 007} must stay distinct from {@code 7}) or letters are decoded as they are.
 * Not thread-safe.
 */
final class IdStrings {
  static final int MAX_CACHED = 1 << 22;
  private static final int MAX_DIGITS = 7;
  private String[] cache = new String[1024];

  String of(byte[] b, int s, int e) {
    int n = e - s;
    if (n == 0 || n > MAX_DIGITS || (b[s] == '0' && n > 1)) {
      return decode(b, s, e);
    }
    int v = 0;
    for (int i = s; i < e; i++) {
      int c = b[i] - '0';
      if (c < 0 || c > 9) {
        return decode(b, s, e);
      }
      v = v * 10 + c;
    }
    if (v >= MAX_CACHED) {
      return decode(b, s, e);
    }
    if (v >= cache.length) {
      cache = Arrays.copyOf(cache, Math.min(MAX_CACHED, Math.max(v + 1, cache.length * 2)));
    }
    String str = cache[v];
    if (str == null) {
      str = decode(b, s, e);
      cache[v] = str;
    }
    return str;
  }

  private static String decode(byte[] b, int s, int e) {
    return new String(b, s, e - s, StandardCharsets.UTF_8);
  }
}
