package io.swarmrec.store;

/**
 * The store could not do what was asked for a reason outside the caller's input: the database is
 * unreachable, a timeout expired, the disk is full. Bad input is an {@link IllegalArgumentException}.
 */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
