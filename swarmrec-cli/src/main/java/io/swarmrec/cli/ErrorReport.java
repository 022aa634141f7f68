package io.swarmrec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the CLI reports failure: one line on stderr, {@code swarmrec: <what went wrong>}, and a non-zero
 * exit (2 for bad usage, 1 for a failure while running). Stack traces only with {@code --verbose} or
 * {@code SWARMREC_DEBUG=1}: a user needs the reason, a developer the trace.
 */
final class ErrorReport {
  static final String PREFIX = "swarmrec: ";

  private ErrorReport() {}

  /** Bad arguments: the parser's message and where to find help. */
  static int usage(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String hint = "";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      hint = "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
    }
    err.println(PREFIX + oneLine(e.getMessage()) + hint + " (see '" + cmd.getCommandSpec().qualifiedName()
        + " --help')");
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /** A failure while running a command. */
  static int failure(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(PREFIX + describe(e));
    if (wantsTrace(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** The root reason of {@code t}, in one line. */
  static String describe(Throwable t) {
    Throwable root = unwrap(t);
    if (root instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    }
    if (root instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (root instanceof FileSystemException f) {
      return "cannot read " + f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
    }
    if (root instanceof OutOfMemoryError) {
      return "out of memory; give the JVM more heap, e.g. SWARMREC_JAVA_OPTS=-Xmx8g";
    }
    String message = root.getMessage();
    if (root instanceof IllegalArgumentException && message != null) {
      return oneLine(message);
    }
    String kind = root instanceof IOException ? "I/O error" : root.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + oneLine(message);
  }

  private static Throwable unwrap(Throwable t) {
    while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof ExecutionException || t instanceof CompletionException
        || t instanceof UncheckedIOException || t instanceof InvocationTargetException
        || t instanceof CommandLine.ExecutionException
        || t.getMessage() == null || t.getMessage().equals(t.getCause().toString());
  }

  private static boolean wantsTrace(ParseResult parsed) {
    if ("1".equals(System.getenv("SWARMREC_DEBUG"))) {
      return true;
    }
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
