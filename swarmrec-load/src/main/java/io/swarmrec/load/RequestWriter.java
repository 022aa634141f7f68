package io.swarmrec.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes complete HTTP/1.1 requests straight into the outgoing buffer: constant parts are pre-encoded
 * once, ids and numbers are written as ASCII digits. At tens of thousands of requests per second on two
 * shared cores the client must cost far less than the server it measures; building a request object with
 * a header map for Netty's encoder to re-serialise would spend its budget on garbage. The bytes are the
 * same an encoder would produce. One instance per event loop: the body scratch buffer is not shared.
 */
final class RequestWriter {
  private static final byte[] BATCH_OPEN = ascii("{\"users\":[");
  private static final byte[] USER_OPEN = ascii("{\"user\":\"");
  private static final byte[] ITEM_OPEN = ascii("\",\"item\":\"");
  private static final byte[] EVENT_CLOSE = ascii("\",\"type\":\"view\"}");
  private static final byte[] CRLF2 = ascii("\r\n\r\n");
  private static final java.util.concurrent.atomic.AtomicLong WRITERS = new java.util.concurrent.atomic.AtomicLong();
  private static final byte[] SCENE_QUERY = ascii("&scene=x");
  private static final byte[] QUOTE_CLOSE = ascii("\"}");
  private static final byte[] SCENE_FIELD = ascii(",\"scene\":\"x");

  private final byte[] recHead;
  private final byte[] recQuery;
  private final byte[] recTail;
  private final byte[] batchHead;
  private final byte[] eventsHead;
  private final byte[] batchTail;
  private final byte[] userPrefix;
  private final byte[] itemPrefix;
  private final ZipfSampler users;
  private final ZipfSampler items;
  private final int batchSize;
  private final int eventsPerRequest;
  private final boolean missCache;
  /**
   * Part of every fresh scene, distinct for each writer ever made (wall-clock milliseconds and a counter):
   * a search runs the same seeded plan again and again, and its scenes must not repeat the previous run's,
   * which the service has cached.
   */
  private final long sceneNonce = System.currentTimeMillis() << 20 | (WRITERS.incrementAndGet() & 0xFFFFF);
  private final ByteBuf body = Unpooled.buffer(256);
  private final byte[] digits = new byte[20];

  RequestWriter(LoadSpec spec) {
    String base = spec.basePath();
    String host = "Host: " + spec.host() + ":" + spec.port() + "\r\n";
    recHead = ascii("GET " + base + "/v1/users/" + spec.userPrefix());
    recQuery = ascii("/recommendations?k=" + spec.k());
    recTail = ascii(" HTTP/1.1\r\n" + host + "\r\n");
    String json = " HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nContent-Length: ";
    batchHead = ascii("POST " + base + "/v1/recommendations/batch" + json);
    eventsHead = ascii("POST " + base + "/v1/events" + json);
    batchTail = ascii("],\"k\":" + spec.k() + "}");
    userPrefix = ascii(spec.userPrefix());
    itemPrefix = ascii(spec.itemPrefix());
    this.users = new ZipfSampler(spec.users(), spec.zipfExponent());
    this.items = new ZipfSampler(spec.items(), spec.zipfExponent());
    this.batchSize = spec.batchSize();
    this.eventsPerRequest = spec.eventsPerRequest();
    this.missCache = spec.missCache();
  }

  /** Appends one request for the endpoint, its ids drawn from rnd. */
  void write(Endpoint endpoint, SplittableRandom rnd, ByteBuf out) {
    switch (endpoint) {
      case REC -> {
        out.writeBytes(recHead);
        writeDecimal(out, users.next(rnd));
        out.writeBytes(recQuery);
        if (missCache) {
          out.writeBytes(SCENE_QUERY);
          writeScene(out, rnd);
        }
        out.writeBytes(recTail);
      }
      case BATCH -> {
        body.clear().writeBytes(BATCH_OPEN);
        for (int i = 0; i < batchSize; i++) {
          if (i > 0) {
            body.writeByte(',');
          }
          body.writeByte('"').writeBytes(userPrefix);
          writeDecimal(body, users.next(rnd));
          body.writeByte('"');
        }
        body.writeBytes(batchTail);
        if (missCache) {
          body.writerIndex(body.writerIndex() - 1).writeBytes(SCENE_FIELD);
          writeScene(body, rnd);
          body.writeBytes(QUOTE_CLOSE);
        }
        withBody(batchHead, out);
      }
      case EVENTS -> {
        body.clear().writeByte('[');
        for (int i = 0; i < eventsPerRequest; i++) {
          if (i > 0) {
            body.writeByte(',');
          }
          body.writeBytes(USER_OPEN).writeBytes(userPrefix);
          writeDecimal(body, users.next(rnd));
          body.writeBytes(ITEM_OPEN).writeBytes(itemPrefix);
          writeDecimal(body, items.next(rnd));
          body.writeBytes(EVENT_CLOSE);
        }
        body.writeByte(']');
        withBody(eventsHead, out);
      }
    }
  }

  private void withBody(byte[] head, ByteBuf out) {
    out.writeBytes(head);
    writeDecimal(out, body.readableBytes());
    out.writeBytes(CRLF2).writeBytes(body, body.readerIndex(), body.readableBytes());
  }

  /** {@code <nonce>-<random 63 bits>}: two requests sharing a scene is vanishingly unlikely, in a run or across runs. */
  private void writeScene(ByteBuf out, SplittableRandom rnd) {
    writeDecimal(out, sceneNonce);
    out.writeByte('-');
    writeDecimal(out, rnd.nextLong() & Long.MAX_VALUE);
  }

  private void writeDecimal(ByteBuf out, long v) {
    int p = digits.length;
    do {
      digits[--p] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    } while (v != 0);
    out.writeBytes(digits, p, digits.length - p);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
