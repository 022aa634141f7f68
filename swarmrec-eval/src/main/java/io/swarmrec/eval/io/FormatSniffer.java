package io.swarmrec.eval.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Guesses a file's format from its name and its first lines, for {@link DatasetFormat#AUTO}.
 *
 * <p>Rules, in order: the MovieLens 100K file names ({@code u.data}, {@code u1.base}, {@code ua.test}, ...)
 * mean {@link DatasetFormat#MOVIELENS}; a first line {@code userId,movieId,rating,timestamp} means
 * {@link DatasetFormat#ML_CSV}; a tab, comma or semicolon in the first line means {@link DatasetFormat#CSV};
 * left with space-separated tokens, integer tokens on lines of varying length (or of one token, or of
 * more than four) read as {@link DatasetFormat#LIGHTGCN} ({@code user item item ...}) and anything else as
 * {@link DatasetFormat#CSV} ({@code user item value time}). A LightGCN file whose sampled lines all hold
 * the same 2 or 3 items would be misread: {@code --format lightgcn} settles it.
 */
final class FormatSniffer {
  /** Bytes looked at. */
  static final int SAMPLE_BYTES = 1 << 16;
  private static final Pattern MOVIELENS_NAME = Pattern.compile("u\\.data|u[1-5ab]\\.(base|test)");

  private FormatSniffer() {}

  /**
   * @param fileName the file's name (a {@code .gz} suffix is ignored)
   * @param head the first bytes of the (decompressed) content
   * @param complete whether {@code head} is the whole content; if not, its last partial line is ignored
   */
  static DatasetFormat detect(String fileName, byte[] head, int length, boolean complete) throws IOException {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (MOVIELENS_NAME.matcher(name).matches()) {
      return DatasetFormat.MOVIELENS;
    }
    int usable = complete ? length : lastNewline(head, length) + 1;
    ByteLineReader lines = new ByteLineReader(new ByteArrayInputStream(head, 0, usable), usable + 1, n -> {});
    int width = -1;
    boolean varying = false;
    boolean integers = true;
    boolean first = true;
    while (lines.next()) {
      byte[] b = lines.buffer();
      int s = lines.start();
      int e = lines.end();
      int tokens = countTokens(b, s, e);
      if (tokens == 0) {
        continue;
      }
      if (first) {
        first = false;
        String line = LineParser.text(b, s, e).trim();
        if (line.equals("userId,movieId,rating,timestamp")) {
          return DatasetFormat.ML_CSV;
        }
        if (line.indexOf('\t') >= 0 || line.indexOf(',') >= 0 || line.indexOf(';') >= 0) {
          return DatasetFormat.CSV;
        }
        width = tokens;
      }
      varying |= tokens != width;
      integers &= onlyDigitsAndSpaces(b, s, e);
    }
    boolean lightGcn = integers && (varying || width < 2 || width > 4);
    return lightGcn ? DatasetFormat.LIGHTGCN : DatasetFormat.CSV;
  }

  private static int countTokens(byte[] b, int s, int e) {
    int n = 0;
    boolean inToken = false;
    for (int i = s; i < e; i++) {
      boolean space = LineParser.isSpace(b[i]);
      if (!space && !inToken) {
        n++;
      }
      inToken = !space;
    }
    return n;
  }

  private static boolean onlyDigitsAndSpaces(byte[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (!(b[i] >= '0' && b[i] <= '9') && !LineParser.isSpace(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static int lastNewline(byte[] b, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
