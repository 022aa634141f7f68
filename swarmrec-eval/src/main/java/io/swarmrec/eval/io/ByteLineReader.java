package io.swarmrec.eval.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Splits a byte stream into lines without decoding it: the current line is a window
 * {@code [start(), end())} of {@link #buffer()}, valid until the next call to {@link #next()}.
 *
 * <p>Why bytes: the datasets are ASCII digits and delimiters, so parsing can run on raw bytes and decode
 * only the two id fields; a {@code BufferedReader} would first widen every char and allocate a
 * {@code String} per line. The buffer is refilled by moving the unread tail to the front; it doubles only
 * when a single line outgrows it. Line ends are LF or CRLF; a UTF-8 byte-order mark at the start is
 * skipped. Not thread-safe.
 */
final class ByteLineReader {
  private static final int PROGRESS_EVERY = 1 << 16;
  private final InputStream in;
  private final LongConsumer progress;
  private byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private long lineNumber;
  private int start;
  private int end;

  ByteLineReader(InputStream in, int capacity, LongConsumer progress) {
    this.in = in;
    this.progress = progress;
    this.buf = new byte[Math.max(16, capacity)];
  }

  /** Reads ahead until at least {@code bytes} are buffered or the input ends; consumes nothing. */
  int prefetch(int bytes) throws IOException {
    while (limit - pos < bytes && !eof) {
      fill();
    }
    return limit - pos;
  }

  /** Whether everything the input holds is in the buffer. */
  boolean atEof() {
    return eof;
  }

  /** Advances to the next line; false at the end of input. */
  boolean next() throws IOException {
    while (true) {
      int nl = indexOfNewline(pos, limit);
      if (nl >= 0) {
        setLine(pos, nl);
        pos = nl + 1;
        return true;
      }
      if (eof) {
        if (pos < limit) {
          setLine(pos, limit);
          pos = limit;
          return true;
        }
        return false;
      }
      fill();
    }
  }

  byte[] buffer() {
    return buf;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** 1-based number of the current line. */
  long lineNumber() {
    return lineNumber;
  }

  private void setLine(int s, int e) {
    if (lineNumber == 0 && e - s >= 3 && buf[s] == (byte) 0xEF && buf[s + 1] == (byte) 0xBB
        && buf[s + 2] == (byte) 0xBF) {
      s += 3; // UTF-8 byte-order mark
    }
    if (e > s && buf[e - 1] == '\r') {
      e--;
    }
    start = s;
    end = e;
    if (++lineNumber % PROGRESS_EVERY == 0) {
      progress.accept(lineNumber);
    }
  }

  private int indexOfNewline(int from, int to) {
    byte[] b = buf;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }
}
