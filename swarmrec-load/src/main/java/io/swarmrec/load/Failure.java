package io.swarmrec.load;

/** Ways a request can fail without an HTTP status to show for it. */
enum Failure {
  /** The connection could not be opened (refused, unreachable), so the request was never sent. */
  CONNECT("connect"),
  /** The connection closed or reset while the request waited for its answer. */
  CLOSED("closed"),
  /** No answer within the timeout (or the run's final grace period); its connection is dropped. */
  TIMEOUT("timeout"),
  /** Planned but never sent before the run ended: the generator or its connections fell too far behind. */
  NOT_SENT("not_sent"),
  /** The answer was not valid HTTP/1.1, or came when no request was outstanding. */
  PROTOCOL("protocol");

  final String label;

  Failure(String label) {
    this.label = label;
  }
}
