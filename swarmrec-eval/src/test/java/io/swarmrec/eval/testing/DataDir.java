package io.swarmrec.eval.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public datasets, from the directory in system property {@code swarmrec.data.dir} (set by the
 * build). Tests that need a file skip, saying which, when it is absent.
 */
public final class DataDir {
  private DataDir() {}

  /** {@code relative} under the data directory; aborts the calling test (skipped) when it is missing. */
  public static Path file(String relative) {
    String dir = System.getProperty("swarmrec.data.dir");
    assumeTrue(dir != null, "system property swarmrec.data.dir is not set: dataset tests skipped");
    Path file = Path.of(dir).resolve(relative).normalize();
    assumeTrue(Files.isReadable(file), () -> "dataset file " + file + " is absent: test skipped");
    return file;
  }
}
