package io.swarmrec.load;

/** The swarmrec endpoints the load generator exercises, named as in the mix ({@code rec=0.8,batch=0.1,...}). */
public enum Endpoint {
  /** {@code GET /v1/users/{id}/recommendations?k=K}. */
  REC("rec"),
  /** {@code POST /v1/recommendations/batch {"users":[...],"k":K}}. */
  BATCH("batch"),
  /** {@code POST /v1/events [{"user","item","type"}...]}. */
  EVENTS("events");

  private final String label;

  Endpoint(String label) {
    this.label = label;
  }

  /** The short name used in the mix, the table and the JSON report. */
  public String label() {
    return label;
  }

  /** The endpoint with this short name. */
  public static Endpoint of(String label) {
    for (Endpoint e : values()) {
      if (e.label.equals(label)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown endpoint '" + label + "' (expected rec, batch or events)");
  }
}
