package io.swarmrec.algo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  private final Params parent;
  private final String prefix;

  public Params(Map<String, String> given) {
    this(given, null, "");
  }

  private Params(Map<String, String> given, Params parent, String prefix) {
    this.given = Map.copyOf(given);
    this.parent = parent;
    this.prefix = prefix;
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

  /**
   * The parameters under {@code prefix} (for a model built from parts: {@code gfcf.alpha=0.3} is
   * {@code alpha=0.3} of {@code scoped("gfcf.")}), with the prefix stripped. What the part reads is
   * recorded here too, under the full key, so this object's {@link #resolved()} and
   * {@link #requireAllUsed} cover the part's parameters.
   */
  public Params scoped(String prefix) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
        m.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return new Params(m, this, prefix);
  }

  private synchronized void record(String key, Object value) {
    resolved.put(key, value);
    if (parent != null) {
      parent.record(prefix + key, value);
    }
  }

  public synchronized int getInt(String key, int def) {
    String v = given.get(key);
    int r;
    try {
      r = v == null ? def : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter " + key + " must be an integer, got '" + v + "'");
    }
    record(key, r);
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
    record(key, r);
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
    record(key, r);
    return r;
  }

  /** A string among {@code allowed} (case-insensitive, returned lower-case). */
  public synchronized String getChoice(String key, String def, String... allowed) {
    String v = given.getOrDefault(key, def).toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        record(key, v);
        return v;
      }
    }
    throw new IllegalArgumentException("parameter " + key + " must be one of " + String.join(", ", allowed)
        + ", got '" + v + "'");
  }

  /** A comma-separated list of names (trimmed, lower-case, empty entries dropped). */
  public synchronized List<String> getList(String key, String def) {
    List<String> out = new ArrayList<>();
    for (String part : given.getOrDefault(key, def).split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        out.add(name);
      }
    }
    record(key, String.join(",", out));
    return List.copyOf(out);
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
