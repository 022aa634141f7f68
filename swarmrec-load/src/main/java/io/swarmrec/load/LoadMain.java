package io.swarmrec.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Command line of the load generator:
 *
 * <pre>
 * java -jar swarmrec-load/target/swarmrec-load.jar --url http://127.0.0.1:8080 \
 *     --rate 20000 --duration 30s --warmup 5s --connections 64 --users 100000 --mix rec=1.0 [--closed] [--json]
 * </pre>
 *
 * Bad arguments end with one line on stderr and exit status 2. {@code --find-max-rate} searches for the
 * highest rate meeting {@code --p99} instead of running once.
 */
public final class LoadMain {
  private static final String USAGE = """
      usage: LoadMain --url http://127.0.0.1:8080 [options]
        --rate N              open-loop requests/s (default 1000)
        --closed              closed loop: each connection sends on answer (no --rate)
        --duration D          measured time (default 10s); D like 500ms, 30s, 2m
        --warmup D            not recorded, before the measurement (default 2s)
        --ramp-up D           rate grows linearly from 0 over D from the start (default 0)
        --connections N       keep-alive connections (default 16)
        --in-flight N         outstanding requests per connection, >1 pipelines (default 1)
        --threads N           client event loops (default 1)
        --users N             agents, ids <user-prefix><index> (default 100000)
        --user-prefix S       (default a)
        --zipf S              Zipf exponent of user and item draws, 0 = uniform (default 1.0)
        --items N             items for events, ids <item-prefix><index> (default 200000)
        --item-prefix S       (default i)
        --mix M               shares, e.g. rec=0.8,batch=0.1,events=0.1 (default rec=1)
        --k N                 list length (default 10)
        --batch N             users per batch request (default 100)
        --events N            events per ingest request (default 1)
        --timeout D           per request (default 5s)
        --late-after D        a send this far behind schedule is late (default 2ms)
        --seed N              (default 42)
        --miss-cache          a fresh scene per recommendation request: every answer is computed
        --allow-remote        permit a non-loopback URL
        --json                print the report as JSON
        --find-max-rate       search the highest rate with no errors and P99 within --p99
        --p99 D               objective of --find-max-rate (default 10ms)
        --start-rate N        first rate of the search (default 1000)
        --max-rate N          highest rate of the search (default 1000000)
        --precision X         relative width at which the search stops (default 0.05)
        --attempts N          runs of a failing rate before it counts as failed (default 1)
      """;
  private static final Set<String> FLAGS = Set.of("closed", "json", "allow-remote", "find-max-rate", "help",
      "miss-cache");
  private static final Set<String> VALUED = Set.of("url", "rate", "duration", "warmup", "ramp-up", "connections",
      "in-flight", "threads", "users", "user-prefix", "zipf", "items", "item-prefix", "mix", "k", "batch", "events",
      "timeout", "late-after", "seed", "p99", "start-rate", "max-rate", "precision", "attempts");

  private LoadMain() {
  }

  /** What the command line asks for: a spec, JSON or table, and a max-rate search or a single run. */
  record Invocation(LoadSpec spec, boolean json, MaxRateSearch search, boolean help) {
  }

  public static void main(String[] args) throws InterruptedException {
    Invocation inv;
    try {
      inv = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LoadMain: " + e.getMessage() + " (--help for usage)");
      System.exit(2);
      return;
    }
    if (inv.help) {
      System.out.print(USAGE);
      return;
    }
    run(inv, System.out, System.err);
  }

  static void run(Invocation inv, PrintStream out, PrintStream progress) throws InterruptedException {
    if (inv.search == null) {
      LoadReport r = LoadGenerator.run(inv.spec);
      out.print(inv.json ? r.toJson() + "\n" : r.toTable());
      return;
    }
    MaxRateSearch.Result result = inv.search.find(inv.spec, s -> progress.println("rate "
        + Format.decimal(s.rate(), 0) + "/s: p99 " + Format.decimal(s.report().overall().latency().p99(), 3)
        + " ms, " + s.verdict()));
    if (inv.json) {
      out.println("{\"max_rate\":" + Format.json(result.maxRate()) + ",\"generator_limited\":"
          + result.generatorLimited() + ",\"best\":" + (result.best() == null ? "null" : result.best().toJson()) + "}");
    } else {
      out.println("max rate meeting p99 <= " + Format.duration(inv.search.p99Limit()) + " with no errors: "
          + Format.decimal(result.maxRate(), 0) + " req/s"
          + (result.generatorLimited() ? " (the generator was behind schedule above it: may be its limit)" : ""));
      if (result.best() != null) {
        out.print(result.best().toTable());
      }
    }
  }

  static Invocation parse(String[] args) {
    Map<String, String> v = new HashMap<>();
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (FLAGS.contains(name) && value == null) {
        flags.add(name);
      } else if (VALUED.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        if (v.put(name, value) != null) {
          throw new IllegalArgumentException("--" + name + " given twice");
        }
      } else {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    if (flags.contains("help")) {
      return new Invocation(null, false, null, true);
    }
    if (!v.containsKey("url")) {
      throw new IllegalArgumentException("--url is required");
    }
    boolean closed = flags.contains("closed");
    if (closed && v.containsKey("rate")) {
      throw new IllegalArgumentException("--rate does not apply to --closed (closed loop has no target rate)");
    }
    if (closed && flags.contains("find-max-rate")) {
      throw new IllegalArgumentException("--find-max-rate needs open loop (drop --closed)");
    }
    LoadSpec.Builder b = LoadSpec.builder(v.get("url")).closedLoop(closed).allowRemote(flags.contains("allow-remote"))
        .missCache(flags.contains("miss-cache"));
    Opt o = new Opt(v);
    o.number("rate", b::rate);
    o.duration("duration", b::duration);
    o.duration("warmup", b::warmup);
    o.duration("ramp-up", b::rampUp);
    o.integer("connections", b::connections);
    o.integer("in-flight", b::inFlight);
    o.integer("threads", b::threads);
    o.integer("users", b::users);
    o.text("user-prefix", b::userPrefix);
    o.number("zipf", b::zipfExponent);
    o.integer("items", b::items);
    o.text("item-prefix", b::itemPrefix);
    o.text("mix", m -> b.mix(Mix.parse(m)));
    o.integer("k", b::k);
    o.integer("batch", b::batchSize);
    o.integer("events", b::eventsPerRequest);
    o.duration("timeout", b::timeout);
    o.duration("late-after", b::lateAfter);
    o.text("seed", s -> b.seed(o.parseLong("seed", s)));
    LoadSpec spec = b.build();
    MaxRateSearch search = null;
    if (flags.contains("find-max-rate")) {
      search = new MaxRateSearch(Format.parseDuration("--p99", v.getOrDefault("p99", "10ms")),
          o.parseDouble("start-rate", v.getOrDefault("start-rate", "1000")),
          o.parseDouble("max-rate", v.getOrDefault("max-rate", "1000000")),
          o.parseDouble("precision", v.getOrDefault("precision", "0.05")),
          (int) Math.max(0, Math.min(100, o.parseLong("attempts", v.getOrDefault("attempts", "1")))));
    } else {
      for (String only : new String[] {"p99", "start-rate", "max-rate", "precision", "attempts"}) {
        if (v.containsKey(only)) {
          throw new IllegalArgumentException("--" + only + " only applies to --find-max-rate");
        }
      }
    }
    return new Invocation(spec, flags.contains("json"), search, false);
  }

  /** Typed option readers that name the option in their one-line error. */
  private record Opt(Map<String, String> v) {
    void text(String name, java.util.function.Consumer<String> to) {
      String s = v.get(name);
      if (s != null) {
        to.accept(s);
      }
    }

    void number(String name, java.util.function.DoubleConsumer to) {
      text(name, s -> to.accept(parseDouble(name, s)));
    }

    void integer(String name, java.util.function.IntConsumer to) {
      text(name, s -> {
        long n = parseLong(name, s);
        if (n != (int) n) {
          throw new IllegalArgumentException("--" + name + " is out of range: " + s);
        }
        to.accept((int) n);
      });
    }

    void duration(String name, java.util.function.Consumer<Duration> to) {
      text(name, s -> to.accept(Format.parseDuration("--" + name, s)));
    }

    double parseDouble(String name, String s) {
      try {
        double d = Double.parseDouble(s.replace("_", ""));
        if (Double.isNaN(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a number, got '" + s + "'");
      }
    }

    long parseLong(String name, String s) {
      try {
        return Long.parseLong(s.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + s + "'");
      }
    }
  }
}
