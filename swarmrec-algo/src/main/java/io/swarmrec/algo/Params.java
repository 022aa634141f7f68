package io.swarmrec.algo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hyper-parameters given as {@code key=value} strings (from the CLI's {@code --set}, a config file or
 * an HTTP request), read by a trainer with typed getters and defaults. Every value read is recorded, so
 * {@link #resolved()} reports the full configuration a model ran with (defaults included), and
 * {@link #requireAllUsed()} turns a misspelt key into an error instead of a silently ignored setting.
 */
public final class Params {
  private final Map<String, String> given;
  private final Map<String, Object> resolved = new LinkedHashMap<>();

  public Params(Map<String, String> given) {
    this.given = Map.copyOf(given);
  }

  public static Params empty() {
    return new Params(Map.of());
  }

  /** Parses {@code key=value} items. */
  public static Params parse(Iterable<String> items) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String s : items) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + s + "'");
      }
      m.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    return new Params(m);
  }

  public Map<String, String> given() {
    return given;
  }

  public synchronized int getInt(String key, int def) {
    String v = given.get(key);
    int r;
    try {
      r = v == null ? def : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter " + key + " must be an integer, got '" + v + "'");
    }
    resolved.put(key, r);
    return r;
  }

  public synchronized double getDouble(String key, double def) {
    String v = given.get(key);
    double r;
    try {
      r = v == null ? def : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter " + key + " must be a number, got '" + v + "'");
    }
    if (!Double.isFinite(r)) {
      throw new IllegalArgumentException("parameter " + key + " must be finite, got '" + v + "'");
    }
    resolved.put(key, r);
    return r;
  }

  public synchronized boolean getBoolean(String key, boolean def) {
    String v = given.get(key);
    boolean r;
    if (v == null) {
      r = def;
    } else if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")) {
      r = true;
    } else if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no")) {
      r = false;
    } else {
      throw new IllegalArgumentException("parameter " + key + " must be true or false, got '" + v + "'");
    }
    resolved.put(key, r);
    return r;
  }

  /** A string among {@code allowed} (case-insensitive, returned lower-case). */
  public synchronized String getChoice(String key, String def, String... allowed) {
    String v = given.getOrDefault(key, def).toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        resolved.put(key, v);
        return v;
      }
    }
    throw new IllegalArgumentException("parameter " + key + " must be one of " + String.join(", ", allowed)
        + ", got '" + v + "'");
  }

  /** Every parameter read so far with the value used, in reading order. */
  public synchronized Map<String, Object> resolved() {
    return new LinkedHashMap<>(resolved);
  }

  /** Fails when a given key was never read by the trainer. */
  public synchronized void requireAllUsed(String algo) {
    Set<String> unused = new TreeSet<>(given.keySet());
    unused.removeAll(resolved.keySet());
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("unknown parameter(s) for " + algo + ": " + unused
          + "; known: " + resolved.keySet());
    }
  }
}
