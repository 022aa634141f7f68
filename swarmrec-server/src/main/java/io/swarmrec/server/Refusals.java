package io.swarmrec.server;

import io.swarmrec.server.engine.Refusal;
import io.swarmrec.server.http.ApiException;

/** The one place where the engine's refusals become HTTP statuses. */
final class Refusals {
  private Refusals() {}

  /** The HTTP error for a failure, or null when it is not a refusal (then it is an internal error). */
  static ApiException toHttp(Throwable t) {
    if (!(t instanceof Refusal r)) {
      return null;
    }
    int status = switch (r) {
      case Refusal.Invalid x -> 400;
      case Refusal.NotFound x -> 404;
      case Refusal.Conflict x -> 409;
      case Refusal.Overloaded x -> 429;
      case Refusal.Unavailable x -> 503;
    };
    return new ApiException(status, r.code(), r.getMessage(), r.retryAfterSeconds());
  }
}
