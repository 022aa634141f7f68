package io.swarmrec.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the server tests. */
final class TestClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  TestClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  record Answer(int status, String body, HttpResponse<byte[]> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  Answer delete(String path, String token) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).DELETE());
  }

  Answer post(String path, String body) {
    return post(path, body.getBytes(StandardCharsets.UTF_8), null);
  }

  Answer post(String path, byte[] body, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  Answer put(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Sends a request target as given, bytes and all (java.net.URI refuses malformed ones). */
  static String rawGet(int port, String target) throws IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Item ids of a recommendations answer, in order. */
  static java.util.List<String> items(JsonNode recs) {
    java.util.List<String> out = new java.util.ArrayList<>();
    recs.path("items").forEach(n -> out.add(n.path("item").asText(n.path("id").asText())));
    return out;
  }
}
