package io.swarmrec.server.engine;

/**
 * Why the engine will not do what it was asked: a small closed set, each with a stable machine-readable
 * code and a one-line message. The engine knows no transport; the HTTP side maps each kind to a status in
 * one place ({@code io.swarmrec.server.Refusals}), and in-process callers get the same exceptions.
 *
 * <ul>
 *   <li>{@link Invalid}: the input breaks a rule (unknown algorithm, a k out of range, an unsupported call);
 *       asking again unchanged cannot succeed.</li>
 *   <li>{@link NotFound}: the user or item is not in the served model.</li>
 *   <li>{@link Conflict}: the request contradicts an earlier one (an idempotency key reused for other content).</li>
 *   <li>{@link Overloaded}: every scoring permit is taken; retry after {@link #retryAfterSeconds()}.</li>
 *   <li>{@link Unavailable}: a dependency or the service itself cannot answer now (no model yet, store down,
 *       worker queue full); retry after {@link #retryAfterSeconds()}.</li>
 * </ul>
 */
public abstract sealed class Refusal extends RuntimeException
    permits Refusal.Invalid, Refusal.NotFound, Refusal.Conflict, Refusal.Overloaded, Refusal.Unavailable {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final long retryAfterSeconds;

  private Refusal(String code, String message, long retryAfterSeconds, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The stable code, e.g. {@code unknown_algo}, {@code store_unavailable}. */
  public String code() {
    return code;
  }

  /** Seconds after which asking again may succeed; 0 when it cannot. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static final class Invalid extends Refusal {
    private static final long serialVersionUID = 1L;

    public Invalid(String code, String message) {
      super(code, message, 0, null);
    }
  }

  public static final class NotFound extends Refusal {
    private static final long serialVersionUID = 1L;

    public NotFound(String code, String message) {
      super(code, message, 0, null);
    }
  }

  public static final class Conflict extends Refusal {
    private static final long serialVersionUID = 1L;

    public Conflict(String code, String message) {
      super(code, message, 0, null);
    }
  }

  public static final class Overloaded extends Refusal {
    private static final long serialVersionUID = 1L;

    public Overloaded(String message) {
      super("overloaded", message, 1, null);
    }
  }

  public static final class Unavailable extends Refusal {
    private static final long serialVersionUID = 1L;

    public Unavailable(String code, String message, long retryAfterSeconds) {
      this(code, message, retryAfterSeconds, null);
    }

    public Unavailable(String code, String message, long retryAfterSeconds, Throwable cause) {
      super(code, message, Math.max(1, retryAfterSeconds), cause);
    }
  }
}
