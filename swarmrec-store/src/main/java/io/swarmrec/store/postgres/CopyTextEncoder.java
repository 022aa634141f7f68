package io.swarmrec.store.postgres;

import io.swarmrec.store.Event;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.postgresql.copy.CopyIn;

/**
 * Streams events into a {@code COPY interactions (...) FROM STDIN} in PostgreSQL's text format: one line
 * per event, tab-separated, {@code \N} for NULL. COPY skips per-row parse/bind/execute work entirely and
 * is the fastest way to load rows, several times a batched INSERT.
 *
 * <p>Escaping follows the text format rules: backslash, tab, newline and carriage return inside a value
 * become {@code \\ \t \n \r}; nothing else needs escaping, and because every backslash is doubled the
 * end-of-data marker {@code \.} can never appear in the data. Timestamps are written as
 * {@code YYYY-MM-DD HH:MM:SS+00} by hand: the formatter of {@code java.time} costs more than the rest
 * of the row. Rows are encoded to UTF-8 in chunks of about {@value #CHUNK_CHARS} chars, so memory does
 * not grow with the batch.
 */
final class CopyTextEncoder {
  /** The COPY statement into {@code table} ({@code interactions} or its staging table, same columns). */
  static String copySql(String table) {
    return "COPY " + table + " (user_id, item_id, type, value, created_at) FROM STDIN";
  }

  private static final int CHUNK_CHARS = 1 << 16;

  private final StringBuilder buf = new StringBuilder(CHUNK_CHARS + 4096);

  /** Writes every event of the batch to an active COPY. */
  void write(List<Event> batch, CopyIn copy) throws SQLException {
    buf.setLength(0);
    for (Event e : batch) {
      appendRow(buf, e);
      if (buf.length() >= CHUNK_CHARS) {
        flush(copy);
      }
    }
    flush(copy);
  }

  static void appendRow(StringBuilder sb, Event e) {
    appendText(sb, e.user());
    sb.append('\t');
    appendText(sb, e.item());
    sb.append('\t');
    sb.append(e.type()); // checked to be [a-z0-9_.:-]: nothing to escape
    sb.append('\t');
    if (e.hasValue()) {
      sb.append(e.value());
    } else {
      sb.append("\\N");
    }
    sb.append('\t');
    if (e.hasTime()) {
      appendTimestamp(sb, e.epochSecond());
    } else {
      sb.append("\\N");
    }
    sb.append('\n');
  }

  static void appendText(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
  }

  /** ISO date and time in UTC; the year is 1..9999 (checked by {@link Event}), so always four digits. */
  static void appendTimestamp(StringBuilder sb, long epochSecond) {
    LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
    int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
    int year = d.getYear();
    sb.append((char) ('0' + year / 1000)).append((char) ('0' + year / 100 % 10));
    pad2(sb, year % 100).append('-');
    pad2(sb, d.getMonthValue()).append('-');
    pad2(sb, d.getDayOfMonth()).append(' ');
    pad2(sb, secondOfDay / 3600).append(':');
    pad2(sb, secondOfDay / 60 % 60).append(':');
    pad2(sb, secondOfDay % 60).append("+00");
  }

  private static StringBuilder pad2(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  private void flush(CopyIn copy) throws SQLException {
    if (buf.isEmpty()) {
      return;
    }
    byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buf.setLength(0);
  }
}
