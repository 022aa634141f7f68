package io.swarmrec.store.postgres;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreOptions;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Opens the PostgreSQL store (see {@link io.swarmrec.store.Stores} for URLs). */
public final class PostgresStores {
  private PostgresStores() {}

  /**
   * Opens the store at {@code url}, creating or migrating its tables in the URL's schema (pgjdbc's
   * {@code currentSchema} parameter, else the server's search_path).
   */
  public static InteractionStore open(String url, StoreOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return PostgresInteractionStore.open(jdbcUrl(url), options);
  }

  /**
   * A pgjdbc URL from {@code jdbc:postgresql://...} (kept), {@code postgresql://...} or
   * {@code postgres://...}; a libpq-style {@code user:password@} before the host becomes the
   * {@code user} and {@code password} parameters, which pgjdbc expects instead.
   */
  public static String jdbcUrl(String url) {
    if (url == null) {
      throw new IllegalArgumentException("PostgreSQL URL is null");
    }
    if (url.startsWith("jdbc:postgresql://")) {
      return url;
    }
    String rest;
    if (url.startsWith("postgresql://")) {
      rest = url.substring("postgresql://".length());
    } else if (url.startsWith("postgres://")) {
      rest = url.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://host:port/db?user=...): " + url);
    }
    int slash = rest.indexOf('/');
    int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
    if (at < 0) {
      return "jdbc:postgresql://" + rest;
    }
    return "jdbc:postgresql://" + withCredentials(rest.substring(at + 1), rest.substring(0, at));
  }

  private static String withCredentials(String hostAndRest, String userInfo) {
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    StringBuilder params = new StringBuilder("user=").append(encode(user));
    if (colon >= 0) {
      params.append("&password=").append(encode(decode(userInfo.substring(colon + 1))));
    }
    String base = hostAndRest.indexOf('/') < 0 ? hostAndRest + "/" : hostAndRest;
    return base + (base.indexOf('?') < 0 ? "?" : "&") + params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8); // "+" is literal in a URL's user info
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
