package io.swarmrec.server.http;

import java.nio.charset.StandardCharsets;

/**
 * A minimal JSON writer for the response hot path: appends straight into a reused StringBuilder, with no
 * object mapping and no reflection. Requests are parsed with Jackson, which is not on the hot path.
 * Non-finite floats are written as null because JSON has no NaN.
 */
public final class Json {
  private final StringBuilder b;
  private boolean needComma;

  public Json(int capacity) {
    b = new StringBuilder(capacity);
  }

  public Json beginObject() {
    comma();
    b.append('{');
    needComma = false;
    return this;
  }

  public Json endObject() {
    b.append('}');
    needComma = true;
    return this;
  }

  public Json beginArray() {
    comma();
    b.append('[');
    needComma = false;
    return this;
  }

  public Json endArray() {
    b.append(']');
    needComma = true;
    return this;
  }

  public Json name(String name) {
    comma();
    string(b, name);
    b.append(':');
    needComma = false;
    return this;
  }

  public Json value(String s) {
    comma();
    if (s == null) {
      b.append("null");
    } else {
      string(b, s);
    }
    needComma = true;
    return this;
  }

  public Json value(long v) {
    comma();
    b.append(v);
    needComma = true;
    return this;
  }

  public Json value(double v) {
    comma();
    if (Double.isFinite(v)) {
      b.append(v);
    } else {
      b.append("null");
    }
    needComma = true;
    return this;
  }

  public Json value(float v) {
    comma();
    if (Float.isFinite(v)) {
      b.append(v);
    } else {
      b.append("null");
    }
    needComma = true;
    return this;
  }

  public Json value(boolean v) {
    comma();
    b.append(v);
    needComma = true;
    return this;
  }

  /** Appends already-encoded JSON as one value. */
  public Json raw(CharSequence json) {
    comma();
    b.append(json);
    needComma = true;
    return this;
  }

  public Json field(String name, String v) {
    return name(name).value(v);
  }

  public Json field(String name, long v) {
    return name(name).value(v);
  }

  public Json field(String name, double v) {
    return name(name).value(v);
  }

  public Json field(String name, boolean v) {
    return name(name).value(v);
  }

  private void comma() {
    if (needComma) {
      b.append(',');
    }
  }

  public byte[] toBytes() {
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return b.toString();
  }

  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** The error body for an {@link ApiException}. */
  public static byte[] error(String code, String message) {
    return new Json(64 + message.length()).beginObject().name("error").beginObject()
        .field("code", code).field("message", message).endObject().endObject().toBytes();
  }
}
