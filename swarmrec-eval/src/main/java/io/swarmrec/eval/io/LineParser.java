package io.swarmrec.eval.io;

import java.io.IOException;

/**
 * The loop shared by every text format: skip blank lines, hand each other line to {@link #parseLine},
 * and pass the events it finds through {@link #emit}, which applies the rating threshold, counts, and
 * turns any rejection by the consumer into a {@link DatasetException} that says where it happened.
 */
abstract class LineParser {
  private final String file;
  private final float minRating;
  private EventSink sink;
  private ByteLineReader lines;
  private long events;
  private long belowThreshold;

  LineParser(String file, float minRating) {
    this.file = file;
    this.minRating = minRating;
  }

  /** Parses every line of {@code lines} into {@code sink}. */
  final void parseAll(ByteLineReader lines, EventSink sink) throws IOException {
    this.lines = lines;
    this.sink = sink;
    while (lines.next()) {
      byte[] b = lines.buffer();
      int s = lines.start();
      int e = lines.end();
      if (!isBlank(b, s, e)) {
        parseLine(b, s, e);
      }
    }
  }

  /** Parses one non-blank line {@code b[s..e)}. */
  abstract void parseLine(byte[] b, int s, int e);

  /** Delivers one event unless its value is below the threshold (events without a value always count). */
  final void emit(String user, String item, float value, long epochSecond) {
    emit(user, item, null, value, epochSecond);
  }

  /** {@link #emit(String, String, float, long)} with the event's type, or null when the format has none. */
  final void emit(String user, String item, String type, float value, long epochSecond) {
    if (value < minRating) {
      belowThreshold++;
      return;
    }
    try {
      if (type == null) {
        sink.accept(user, item, value, epochSecond);
      } else {
        sink.accept(user, item, type, value, epochSecond);
      }
    } catch (DatasetException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    events++;
  }

  /** Delivers a user listed without items. */
  final void emitUser(String user) {
    sink.user(user);
  }

  final DatasetException error(String problem) {
    return new DatasetException(file, lines.lineNumber(), problem);
  }

  final long lineNumber() {
    return lines.lineNumber();
  }

  final long events() {
    return events;
  }

  final long belowThreshold() {
    return belowThreshold;
  }

  static boolean isSpace(byte c) {
    return c == ' ' || c == '\t';
  }

  static String text(byte[] b, int s, int e) {
    return new String(b, s, e - s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static boolean isBlank(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (!isSpace(b[i])) {
        return false;
      }
    }
    return true;
  }
}
