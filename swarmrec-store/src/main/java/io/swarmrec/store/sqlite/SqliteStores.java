package io.swarmrec.store.sqlite;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.StoreException;
import io.swarmrec.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the embedded SQLite store (see {@link io.swarmrec.store.Stores} for URLs). */
public final class SqliteStores {
  /** The database file created inside a directory given as the location. */
  public static final String DEFAULT_FILE = "swarmrec.db";

  private SqliteStores() {}

  /**
   * Opens, creating when missing, the store at {@code location}: an existing directory, or a path without
   * a file extension, is a directory holding {@value #DEFAULT_FILE}; anything else is the database file.
   */
  public static InteractionStore open(Path location, StoreOptions options) {
    if (location == null || options == null) {
      throw new IllegalArgumentException("location and options must not be null");
    }
    return SqliteInteractionStore.open(databaseFile(location), options);
  }

  static Path databaseFile(Path location) {
    String name = location.getFileName() == null ? "" : location.getFileName().toString();
    boolean directory = Files.isDirectory(location) || (!Files.exists(location) && name.indexOf('.') < 0);
    Path file = directory ? location.resolve(DEFAULT_FILE) : location;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the directory of SQLite store " + file + ": " + e.getMessage(), e);
    }
    return file;
  }
}
