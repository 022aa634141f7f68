package io.swarmrec.load;

import java.time.Duration;
import java.util.Locale;

/** Number, duration and JSON text helpers shared by the report, the search and the command line. */
final class Format {
  private Format() {
  }

  static String decimal(double v, int places) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%." + places + "f", v);
  }

  /** A JSON number, or null for NaN and infinities (which JSON cannot carry). */
  static String json(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v); // finite doubles print as valid JSON numbers, exponent included
  }

  static String json(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Parses 30s, 500ms, 2m, 1h, 100us or an ISO-8601 duration (PT30S). */
  static Duration parseDuration(String name, String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      int unit = 0;
      while (unit < t.length() && (Character.isDigit(t.charAt(unit)) || t.charAt(unit) == '.')) {
        unit++;
      }
      double v = Double.parseDouble(t.substring(0, unit));
      double nanos = v * switch (t.substring(unit)) {
        case "ns" -> 1;
        case "us" -> 1e3;
        case "ms" -> 1e6;
        case "s", "" -> 1e9;
        case "m" -> 60e9;
        case "h" -> 3600e9;
        default -> throw new IllegalArgumentException();
      };
      if (nanos > Long.MAX_VALUE / 2) {
        throw new IllegalArgumentException();
      }
      return Duration.ofNanos((long) nanos);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + " must be a duration like 30s, 500ms, 2m or 1h, got '" + text + "'");
    }
  }

  /** A short human form: 1.5s, 250ms, 2m, 40us. */
  static String duration(Duration d) {
    long n = d.toNanos();
    if (n % 60_000_000_000L == 0 && n > 0) {
      return n / 60_000_000_000L + "m";
    }
    if (n >= 1_000_000_000L) {
      return trimmed(n / 1e9) + "s";
    }
    if (n >= 1_000_000L) {
      return trimmed(n / 1e6) + "ms";
    }
    return trimmed(n / 1e3) + "us";
  }

  /** Up to three decimals, trailing zeros dropped: 1.5, 2, 0.125. */
  static String trimmed(double v) {
    String s = decimal(v, 3);
    return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
  }
}
