package io.swarmrec.store;

import io.swarmrec.store.memory.MemoryStores;
import io.swarmrec.store.postgres.PostgresStores;
import io.swarmrec.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a store from a location string, as given on the command line or in configuration:
 * <ul>
 *   <li>{@code sqlite:/path/to/dir-or-file} (or {@code jdbc:sqlite:...}), or a plain path: the embedded
 *       SQLite store (a directory, or a path without extension, holds {@code swarmrec.db});</li>
 *   <li>{@code postgresql://host:port/db?user=...}, {@code postgres://user:pw@host/db} or
 *       {@code jdbc:postgresql://...}: PostgreSQL (add {@code currentSchema=...} to use a schema);</li>
 *   <li>{@code memory:}: the in-process store, for tests.</li>
 * </ul>
 */
public final class Stores {
  /** A URL scheme: two or more chars, so that a Windows drive letter ({@code C:\...}) reads as a path. */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

  private Stores() {}

  public static InteractionStore open(String url) {
    return open(url, StoreOptions.defaults());
  }

  public static InteractionStore open(String url, StoreOptions options) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("store URL is empty");
    }
    if (options == null) {
      throw new IllegalArgumentException("store options must not be null");
    }
    Matcher m = SCHEME.matcher(url);
    if (!m.find()) {
      return SqliteStores.open(Path.of(url), options);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String rest = url.substring(m.end());
    return switch (scheme) {
      case "memory" -> MemoryStores.open(options);
      case "sqlite" -> SqliteStores.open(sqlitePath(url, rest), options);
      case "postgresql", "postgres" -> PostgresStores.open(url, options);
      case "jdbc" -> openJdbc(url, rest, options);
      default -> throw unknown(url);
    };
  }

  private static InteractionStore openJdbc(String url, String rest, StoreOptions options) {
    if (rest.startsWith("postgresql:")) {
      return PostgresStores.open(url, options);
    }
    if (rest.startsWith("sqlite:")) {
      return SqliteStores.open(sqlitePath(url, rest.substring("sqlite:".length())), options);
    }
    throw unknown(url);
  }

  private static Path sqlitePath(String url, String rest) {
    String path = rest.startsWith("//") ? rest.substring(2) : rest; // sqlite:///abs/path, URI style
    if (path.isBlank()) {
      throw new IllegalArgumentException("sqlite store URL has no path: " + url);
    }
    return Path.of(path);
  }

  private static IllegalArgumentException unknown(String url) {
    return new IllegalArgumentException("unknown store URL '" + url + "'; expected sqlite:PATH, a directory path,"
        + " postgresql://host:port/db?user=..., jdbc:postgresql://... or memory:");
  }
}
