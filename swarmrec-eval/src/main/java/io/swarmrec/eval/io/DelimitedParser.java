package io.swarmrec.eval.io;

import java.util.Locale;
import java.util.Set;

/**
 * Delimited text with the columns {@code user item [value [timestamp]]}: MovieLens {@code u.data}
 * (tab, exactly four columns), MovieLens {@code ratings.csv} (comma, fixed header) and generic CSV/TSV.
 * One parser serves them all, configured by delimiter, header rule and column count, so they share the
 * field splitting and the number checks.
 *
 * <p>Generic files: the delimiter is taken from the first line (tab, else comma, else semicolon, else runs
 * of spaces); the first line is a header when its value column is not a number, or, in a two-column
 * file, when its first field is a user column name ({@code user}, {@code userId}, {@code user_id},
 * {@code uid}). Fields are trimmed and surrounding double quotes dropped; quoted delimiters are not
 * supported. An empty value or timestamp means the event has none. Timestamps are epoch seconds.
 */
final class DelimitedParser extends LineParser {
  private static final byte WHITESPACE = ' ';
  private static final byte DETECT = 0;
  private static final int MAX_FIELDS = 5;
  private static final int MOVIELENS_FIELDS = 4;
  private static final Set<String> USER_COLUMNS = Set.of("user", "userid", "user_id", "uid");

  private enum Header { NONE, EXACT, AUTO }

  private final String formatName;
  private final Header header;
  private final String expectedHeader;
  private final int minFields;
  private final int[] fieldStart = new int[MAX_FIELDS + 1];
  private final int[] fieldEnd = new int[MAX_FIELDS + 1];
  private byte delimiter;
  private boolean firstLine = true;

  private DelimitedParser(String file, float minRating, String formatName, byte delimiter, Header header,
      String expectedHeader, int minFields) {
    super(file, minRating);
    this.formatName = formatName;
    this.delimiter = delimiter;
    this.header = header;
    this.expectedHeader = expectedHeader;
    this.minFields = minFields;
  }

  static DelimitedParser movieLens(String file, float minRating) {
    return new DelimitedParser(file, minRating, "movielens", (byte) '\t', Header.NONE, null, MOVIELENS_FIELDS);
  }

  static DelimitedParser movieLensCsv(String file, float minRating) {
    return new DelimitedParser(file, minRating, "ml-csv", (byte) ',', Header.EXACT,
        "userId,movieId,rating,timestamp", MOVIELENS_FIELDS);
  }

  static DelimitedParser generic(String file, float minRating, boolean tab) {
    return new DelimitedParser(file, minRating, tab ? "tsv" : "csv", tab ? (byte) '\t' : DETECT, Header.AUTO,
        null, 2);
  }

  @Override
  void parseLine(byte[] b, int s, int e) {
    if (delimiter == DETECT) {
      delimiter = detectDelimiter(b, s, e);
    }
    int n = split(b, s, e);
    if (firstLine) {
      firstLine = false;
      if (isHeader(b, s, e, n)) {
        return;
      }
    }
    int max = minFields == MOVIELENS_FIELDS ? MOVIELENS_FIELDS : MAX_FIELDS;
    if (n < minFields || n > max) {
      throw error(formatName + " format: expected " + (minFields == MOVIELENS_FIELDS ? "4" : minFields + " to 5")
          + " fields (user, item" + (minFields == MOVIELENS_FIELDS ? ", rating, timestamp" : "[, value[, timestamp[, type]]]")
          + ") separated by " + delimiterName() + ", got " + (n > max ? "more" : String.valueOf(n)));
    }
    String user = id(b, 0, "user");
    String item = id(b, 1, "item");
    float value = n > 2 ? value(b) : EventSink.NO_VALUE;
    long time = n > 3 ? time(b) : EventSink.NO_TIME;
    String type = n > 4 && fieldEnd[4] > fieldStart[4] ? text(b, fieldStart[4], fieldEnd[4]) : null;
    emit(user, item, type, value, time);
  }

  private boolean isHeader(byte[] b, int s, int e, int n) {
    switch (header) {
      case NONE:
        return false;
      case EXACT:
        if (!text(b, s, e).trim().equals(expectedHeader)) {
          throw error(formatName + " format: expected the header '" + expectedHeader + "'");
        }
        return true;
      default:
        if (n >= 3) {
          return fieldEnd[2] > fieldStart[2] && !AsciiNumbers.isNumber(b, fieldStart[2], fieldEnd[2]);
        }
        return n == 2 && USER_COLUMNS.contains(text(b, fieldStart[0], fieldEnd[0]).toLowerCase(Locale.ROOT));
    }
  }

  private String id(byte[] b, int f, String what) {
    if (fieldEnd[f] == fieldStart[f]) {
      throw error("empty " + what + " id");
    }
    return text(b, fieldStart[f], fieldEnd[f]);
  }

  private float value(byte[] b) {
    int s = fieldStart[2];
    int e = fieldEnd[2];
    if (s == e) {
      return EventSink.NO_VALUE;
    }
    double v = AsciiNumbers.parseDouble(b, s, e);
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw error("value '" + text(b, s, e) + "' is not a number");
    }
    return (float) v;
  }

  private long time(byte[] b) {
    int s = fieldStart[3];
    int e = fieldEnd[3];
    if (s == e) {
      return EventSink.NO_TIME;
    }
    long t = AsciiNumbers.parseLong(b, s, e);
    if (t == AsciiNumbers.MALFORMED) {
      throw error("timestamp '" + text(b, s, e) + "' is not a number of epoch seconds");
    }
    return t;
  }

  /** Splits {@code b[s..e)} into trimmed, unquoted fields; returns their number (MAX_FIELDS + 1 = too many). */
  private int split(byte[] b, int s, int e) {
    int n = 0;
    int i = s;
    while (true) {
      if (delimiter == WHITESPACE) {
        while (i < e && isSpace(b[i])) {
          i++;
        }
        if (i == e) {
          return n;
        }
      }
      int fs = i;
      while (i < e && !endsField(b[i])) {
        i++;
      }
      if (n == MAX_FIELDS) {
        return n + 1;
      }
      store(n++, b, fs, i);
      if (i == e) {
        return n;
      }
      i++; // past the delimiter
    }
  }

  private boolean endsField(byte c) {
    return delimiter == WHITESPACE ? isSpace(c) : c == delimiter;
  }

  private void store(int f, byte[] b, int s, int e) {
    while (s < e && isSpace(b[s])) {
      s++;
    }
    while (e > s && isSpace(b[e - 1])) {
      e--;
    }
    if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"') {
      s++;
      e--;
    }
    fieldStart[f] = s;
    fieldEnd[f] = e;
  }

  private static byte detectDelimiter(byte[] b, int s, int e) {
    boolean comma = false;
    boolean semicolon = false;
    for (int i = s; i < e; i++) {
      if (b[i] == '\t') {
        return '\t';
      }
      comma |= b[i] == ',';
      semicolon |= b[i] == ';';
    }
    return comma ? (byte) ',' : semicolon ? (byte) ';' : WHITESPACE;
  }

  private String delimiterName() {
    return switch (delimiter) {
      case '\t' -> "tabs";
      case ',' -> "commas";
      case ';' -> "semicolons";
      default -> "spaces";
    };
  }
}
