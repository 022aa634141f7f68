package io.swarmrec.eval.io;

/**
 * The LightGCN/NGCF text format ({@code user item item ...}, integer ids separated by spaces), as
 * published with the Gowalla, Yelp2018 and Amazon-Book splits of Wang et al. (NGCF, SIGIR 2019) and
 * He et al. (LightGCN, SIGIR 2020). A line may hold a user alone. No values, no timestamps.
 */
final class LightGcnParser extends LineParser {
  LightGcnParser(String file, float minRating) {
    super(file, minRating);
  }

  @Override
  void parseLine(byte[] b, int s, int e) {
    int i = skipSpaces(b, s, e);
    int end = tokenEnd(b, i, e);
    String user = text(b, i, end);
    int items = 0;
    for (i = skipSpaces(b, end, e); i < e; i = skipSpaces(b, end, e)) {
      end = tokenEnd(b, i, e);
      emit(user, text(b, i, end), EventSink.NO_VALUE, EventSink.NO_TIME);
      items++;
    }
    if (items == 0) {
      emitUser(user);
    }
  }

  private static int skipSpaces(byte[] b, int i, int e) {
    while (i < e && isSpace(b[i])) {
      i++;
    }
    return i;
  }

  /** The end of the integer token at {@code i}; anything but digits there is an error. */
  private int tokenEnd(byte[] b, int i, int e) {
    int j = i;
    while (j < e && b[j] >= '0' && b[j] <= '9') {
      j++;
    }
    if (j < e && !isSpace(b[j])) {
      int bad = j;
      while (bad < e && !isSpace(b[bad])) {
        bad++;
      }
      throw error("lightgcn format: expected integer ids separated by spaces, got '" + text(b, i, bad) + "'");
    }
    return j;
  }
}
