package io.swarmrec.eval.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file layouts {@link DatasetReader} understands, by the names the CLI's {@code --format} accepts. */
public enum DatasetFormat {
  /** Decide from the file name and its first lines. */
  AUTO("auto"),
  /** MovieLens {@code u.data}, {@code uN.base}, {@code uN.test}: {@code user TAB item TAB rating TAB timestamp}. */
  MOVIELENS("movielens"),
  /** MovieLens {@code ratings.csv}: header {@code userId,movieId,rating,timestamp}. */
  ML_CSV("ml-csv"),
  /** LightGCN/NGCF text: {@code user item item ...} per line, space separated integer ids. */
  LIGHTGCN("lightgcn"),
  /** {@code user item [value [timestamp]]}, optional header, delimiter detected (tab, comma, semicolon, spaces). */
  CSV("csv"),
  /** As {@link #CSV} with a tab delimiter. */
  TSV("tsv");

  private final String cliName;

  DatasetFormat(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line. */
  public String cliName() {
    return cliName;
  }

  /** The format named {@code name} (case-insensitive, by {@link #cliName()}). */
  public static DatasetFormat parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (DatasetFormat f : values()) {
      if (f.cliName.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "'; known: "
        + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
