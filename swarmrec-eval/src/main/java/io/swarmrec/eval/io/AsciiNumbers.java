package io.swarmrec.eval.io;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing straight from ASCII bytes, for the value and timestamp columns. The common shapes
 * ({@code 4}, {@code 3.5}, {@code 964982703}) take one pass with no allocation: digits accumulate into a
 * long and a decimal fraction is one division by an exact power of ten, which is correctly rounded as
 * both operands are exact doubles. Anything else that still looks numeric (exponents, very long digit
 * strings) falls back to {@link Double#parseDouble}; what does not look numeric is rejected, including
 * the forms Java would otherwise accept ({@code NaN}, {@code Infinity}, {@code 1.5f}, hex floats).
 */
final class AsciiNumbers {
  /** Returned by {@link #parseLong} for a malformed field. */
  static final long MALFORMED = Long.MIN_VALUE;
  /** Up to 15 digits the mantissa is below 2^53, exact as a double, so one division rounds correctly. */
  private static final int MAX_FAST_DIGITS = 15;
  /** 18 digits always fit a long. */
  private static final int MAX_LONG_DIGITS = 18;
  private static final double[] POW10 = new double[MAX_FAST_DIGITS + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private AsciiNumbers() {}

  /** The decimal number in {@code b[s..e)}, or NaN when it is not one. */
  static double parseDouble(byte[] b, int s, int e) {
    int i = s;
    boolean negative = false;
    if (i < e && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = 0;
    boolean dot = false;
    for (; i < e; i++) {
      int c = b[i];
      if (c >= '0' && c <= '9') {
        if (++digits > MAX_FAST_DIGITS) {
          return parseSlow(b, s, e);
        }
        mantissa = mantissa * 10 + (c - '0');
        if (dot) {
          fraction++;
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return parseSlow(b, s, e);
      }
    }
    if (digits == 0) {
      return Double.NaN;
    }
    double v = fraction == 0 ? mantissa : mantissa / POW10[fraction];
    return negative ? -v : v;
  }

  /**
   * The integer part of the decimal number in {@code b[s..e)} (a fraction is allowed and dropped,
   * as some exports write timestamps as {@code 964982703.0}), or {@link #MALFORMED}.
   */
  static long parseLong(byte[] b, int s, int e) {
    int i = s;
    boolean negative = false;
    if (i < e && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long v = 0;
    int digits = 0;
    for (; i < e && b[i] != '.'; i++) {
      int c = b[i] - '0';
      if (c < 0 || c > 9 || ++digits > MAX_LONG_DIGITS) {
        return MALFORMED;
      }
      v = v * 10 + c;
    }
    if (i < e) { // the fraction: digits only
      for (i++; i < e; i++) {
        if (b[i] < '0' || b[i] > '9') {
          return MALFORMED;
        }
      }
    }
    if (digits == 0) {
      return MALFORMED;
    }
    return negative ? -v : v;
  }

  /** Whether {@code b[s..e)} is a decimal number. */
  static boolean isNumber(byte[] b, int s, int e) {
    return !Double.isNaN(parseDouble(b, s, e));
  }

  private static double parseSlow(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      int c = b[i];
      if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return Double.NaN;
      }
    }
    try {
      return Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException notANumber) {
      return Double.NaN;
    }
  }
}
