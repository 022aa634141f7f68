package io.swarmrec.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Relative shares of the endpoints in a run, normalised to sum to one. Each request picks its endpoint
 * by one uniform draw against the cumulative shares, so a seeded run always issues the same sequence.
 */
public record Mix(double rec, double batch, double events) {
  public Mix {
    check("rec", rec);
    check("batch", batch);
    check("events", events);
    double sum = rec + batch + events;
    if (!(sum > 0)) {
      throw new IllegalArgumentException("mix must give at least one endpoint a positive share");
    }
    rec /= sum;
    batch /= sum;
    events /= sum;
  }

  private static void check(String name, double share) {
    if (!(share >= 0) || Double.isInfinite(share)) {
      throw new IllegalArgumentException("mix share of " + name + " must be a finite number >= 0, got " + share);
    }
  }

  /** Only single recommendations. */
  public static Mix recommendationsOnly() {
    return new Mix(1, 0, 0);
  }

  /** Parses {@code rec=0.8,batch=0.1,events=0.1}; endpoints left out get no share. */
  public static Mix parse(String text) {
    Map<Endpoint, Double> shares = new EnumMap<>(Endpoint.class);
    for (String part : text.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("mix entry '" + part + "' is not endpoint=share (e.g. rec=0.9,events=0.1)");
      }
      Endpoint e = Endpoint.of(part.substring(0, eq).trim());
      String value = part.substring(eq + 1).trim();
      try {
        if (shares.put(e, Double.parseDouble(value)) != null) {
          throw new IllegalArgumentException("mix names " + e.label() + " twice");
        }
      } catch (NumberFormatException nfe) {
        throw new IllegalArgumentException("mix share of " + e.label() + " is not a number: '" + value + "'");
      }
    }
    return new Mix(shares.getOrDefault(Endpoint.REC, 0.0), shares.getOrDefault(Endpoint.BATCH, 0.0),
        shares.getOrDefault(Endpoint.EVENTS, 0.0));
  }

  /** The normalised share of one endpoint. */
  public double share(Endpoint e) {
    return switch (e) {
      case REC -> rec;
      case BATCH -> batch;
      case EVENTS -> events;
    };
  }

  Endpoint pick(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    if (u < rec) {
      return Endpoint.REC;
    }
    return u < rec + batch || events == 0 ? Endpoint.BATCH : Endpoint.EVENTS;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Endpoint e : Endpoint.values()) {
      if (share(e) > 0) {
        sb.append(sb.isEmpty() ? "" : ",").append(e.label()).append('=').append(Format.decimal(share(e), 3));
      }
    }
    return sb.toString();
  }
}
