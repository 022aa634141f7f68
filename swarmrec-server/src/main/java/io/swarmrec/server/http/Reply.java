package io.swarmrec.server.http;

import java.nio.charset.StandardCharsets;

/** A complete HTTP answer: status, content type and body. */
public record Reply(int status, String contentType, byte[] body) implements Response {
  public static final String JSON = "application/json";

  public static Reply json(int status, byte[] body) {
    return new Reply(status, JSON, body);
  }

  public static Reply json(Json json) {
    return new Reply(200, JSON, json.toBytes());
  }

  public static Reply text(int status, String contentType, String body) {
    return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
