package io.swarmrec.store.internal;

import io.swarmrec.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations: numbered scripts {@code V1.sql, V2.sql, ...} in a resource folder, applied
 * in order, each recorded in {@code schema_version}. The caller runs {@link #apply} inside a transaction
 * that already holds the store's write lock, so two instances starting together take turns (the second
 * finds the work done) and a failing script leaves the schema as it was (PostgreSQL and SQLite both have
 * transactional DDL). A database migrated by a newer release is refused rather than guessed at.
 *
 * <p>Scripts are plain SQL; a statement ends with {@code ;} at the end of a line, and lines starting with
 * {@code --} are comments (the first one names the migration). No procedural bodies, which keeps the
 * splitter trivial. Internal to the store implementations; not API.
 */
public final class Migrator {
  private Migrator() {}

  /**
   * Brings the schema to the newest script in {@code resourceDir}; returns the resulting version.
   *
   * @param versionTableDdl {@code CREATE TABLE IF NOT EXISTS schema_version (...)} in the dialect at hand
   */
  public static int apply(Connection c, String resourceDir, String versionTableDdl) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(versionTableDdl);
    }
    int version = currentVersion(c);
    if (version > 0 && script(resourceDir, version) == null) {
      throw new StoreException("database schema is at version " + version + ", newer than this swarmrec knows ("
          + resourceDir + "); upgrade swarmrec");
    }
    for (String text = script(resourceDir, version + 1); text != null; text = script(resourceDir, version + 1)) {
      version++;
      run(c, statements(text));
      record(c, version, description(text));
    }
    return version;
  }

  /** The recorded schema version, 0 before the first migration. */
  public static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT coalesce(max(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (t.endsWith(";")) {
        out.add(current.substring(0, current.lastIndexOf(";")).strip());
        current.setLength(0);
      }
    }
    if (!current.isEmpty()) {
      throw new IllegalStateException("migration script ends without ';': " + current);
    }
    return out;
  }

  private static String description(String script) {
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.startsWith("--")) {
        return t.substring(2).strip();
      }
    }
    return "";
  }

  private static void run(Connection c, List<String> statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static void record(Connection c, int version, String description) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, description) VALUES (?, ?)")) {
      ps.setInt(1, version);
      ps.setString(2, description);
      ps.executeUpdate();
    }
  }

  private static String script(String dir, int version) {
    try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(dir + "/V" + version + ".sql")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StoreException("cannot read migration " + dir + "/V" + version + ".sql", e);
    }
  }
}
