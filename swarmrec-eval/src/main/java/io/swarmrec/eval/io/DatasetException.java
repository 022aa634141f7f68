package io.swarmrec.eval.io;

/** A dataset file that cannot be read as the expected format; the message names {@code file:line}. */
public final class DatasetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final long line;

  public DatasetException(String file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  /** 1-based line number. */
  public long line() {
    return line;
  }
}
