package io.swarmrec.server.http;

/**
 * A request that cannot be answered as asked: carries the HTTP status, a stable machine-readable code
 * and a one-line message, rendered as {@code {"error": {"code": ..., "message": ...}}}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final long retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, 0);
  }

  public ApiException(int status, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Seconds for a Retry-After header, 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
