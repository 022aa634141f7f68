package io.swarmrec.eval.synthetic;

/**
 * The kinds of event the generator emits, with the type names of
 * {@link io.swarmrec.core.matrix.EventWeights}. Only {@link #RATING} carries a meaningful value (1 to 5);
 * the others carry 1.
 */
public enum EventKind {
  VIEW("view"),
  LIKE("like"),
  SHARE("share"),
  RATING("rating");

  private static final EventKind[] VALUES = values();

  private final String label;

  EventKind(String label) {
    this.label = label;
  }

  /** The type name written to files and understood by {@code EventWeights}. */
  public String label() {
    return label;
  }

  static EventKind ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
