package io.swarmrec.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Everything one load run needs, validated in one place: a bad value fails here with a one-line message
 * naming the setting, never half-way through a run.
 *
 * <p>Timeline of a run, from its start: the rate grows linearly from zero to {@code rate} over
 * {@code rampUp}; responses to requests meant to be sent before {@code warmup} has passed are not
 * recorded; then {@code duration} is measured. So a ramp shorter than the warm-up is never measured,
 * and a longer one is partly measured. In closed-loop mode ({@code closedLoop}) there is no rate: each
 * connection keeps {@code inFlight} requests outstanding, and the ramp starts connections one by one.
 *
 * @param url base URL of the service (scheme http, loopback unless {@code allowRemote}); a path is a prefix
 * @param closedLoop closed loop (send on answer) instead of open loop at a fixed rate
 * @param rate target requests per second (open loop only; ignored in closed loop)
 * @param connections keep-alive connections
 * @param inFlight requests outstanding at most per connection (1 = no HTTP pipelining)
 * @param threads client event-loop threads
 * @param users agents to draw from; ids are {@code userPrefix + index}, index 0 the most active
 * @param zipfExponent Zipf exponent s of user (and item) draws; 0 is uniform
 * @param items items to draw event items from; ids are {@code itemPrefix + index}
 * @param k list length asked for
 * @param batchSize users per batch request
 * @param eventsPerRequest events per ingest request
 * @param timeout a request unanswered this long after it was sent fails as a timeout
 * @param lateAfter a request sent this long after its intended time counts as late (generator behind)
 * @param seed seed of every random draw
 * @param allowRemote permit a non-loopback host
 * @param missCache give every recommendation request (single or batch) a fresh {@code scene} value, a part of
 *     the service's cache key, so that no answer can come from its cache: every answer is computed (or,
 *     under overload, a fallback). This is how "uncached" throughput is measured against a live cache.
 */
public record LoadSpec(
    URI url, boolean closedLoop, double rate, Duration duration, Duration warmup, Duration rampUp,
    int connections, int inFlight, int threads,
    int users, String userPrefix, double zipfExponent, int items, String itemPrefix,
    Mix mix, int k, int batchSize, int eventsPerRequest,
    Duration timeout, Duration lateAfter, long seed, boolean allowRemote, boolean missCache) {

  /** Upper bound of any run's length, so a typo cannot start a load that runs for days. */
  public static final Duration MAX_RUN = Duration.ofHours(6);

  public LoadSpec {
    require(url != null, "url is required");
    require("http".equals(url.getScheme()), "url must start with http:// (got " + url + ")");
    require(url.getHost() != null, "url has no host: " + url);
    require(url.getRawQuery() == null && url.getRawFragment() == null, "url must not have a query or fragment: " + url);
    require(allowRemote || isLoopback(url.getHost()),
        "url host " + url.getHost() + " is not a loopback address (pass allowRemote / --allow-remote to load another host)");
    require(closedLoop || (rate > 0 && rate <= 10_000_000), "rate must be > 0 and <= 10,000,000 requests/s, got " + rate);
    positive("duration", duration);
    nonNegative("warmup", warmup);
    nonNegative("rampUp", rampUp);
    require(warmup.plus(duration).compareTo(MAX_RUN) <= 0, "warmup + duration must not exceed " + MAX_RUN);
    require(rampUp.compareTo(warmup.plus(duration)) <= 0, "rampUp must not exceed warmup + duration");
    positive("timeout", timeout);
    positive("lateAfter", lateAfter);
    between("connections", connections, 1, 100_000);
    between("inFlight", inFlight, 1, 1024);
    between("threads", threads, 1, 256);
    between("users", users, 1, Integer.MAX_VALUE);
    between("items", items, 1, Integer.MAX_VALUE);
    require(zipfExponent >= 0 && zipfExponent <= 10, "zipfExponent must be between 0 and 10, got " + zipfExponent);
    idPrefix("userPrefix", userPrefix);
    idPrefix("itemPrefix", itemPrefix);
    require(mix != null, "mix is required");
    between("k", k, 1, 100_000);
    between("batchSize", batchSize, 1, 1_000_000);
    between("eventsPerRequest", eventsPerRequest, 1, 1_000_000);
  }

  /** A builder with the defaults: open loop, 1,000 req/s for 10 s after a 2 s warm-up, 16 connections. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The same spec at another open-loop rate (used when searching for the maximum rate). */
  public LoadSpec withRate(double newRate) {
    return new LoadSpec(url, false, newRate, duration, warmup, rampUp, connections, inFlight, threads, users,
        userPrefix, zipfExponent, items, itemPrefix, mix, k, batchSize, eventsPerRequest, timeout, lateAfter,
        seed, allowRemote, missCache);
  }

  /** Host and port the connections go to. */
  String host() {
    return url.getHost();
  }

  int port() {
    return url.getPort() > 0 ? url.getPort() : 80;
  }

  /** The URL path without its trailing slash: prefixed to every request path. */
  String basePath() {
    String p = url.getRawPath() == null ? "" : url.getRawPath();
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("url host " + host + " cannot be resolved");
    }
  }

  private static void idPrefix(String name, String prefix) {
    require(prefix != null, name + " is required");
    require(prefix.length() <= 64, name + " must be at most 64 characters");
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      // written raw into URL paths and JSON strings, so only characters that need no escaping in either
      require(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '~'),
          name + " may only contain ASCII letters, digits, '-', '_', '.' and '~', got '" + prefix + "'");
    }
  }

  private static void positive(String name, Duration d) {
    require(d != null && d.isPositive(), name + " must be a positive duration, got " + d);
  }

  private static void nonNegative(String name, Duration d) {
    require(d != null && !d.isNegative(), name + " must be a duration >= 0, got " + d);
  }

  private static void between(String name, long v, long lo, long hi) {
    require(v >= lo && v <= hi, name + " must be between " + lo + " and " + hi + ", got " + v);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Collects settings; {@link #build} validates them all through the record's constructor. */
  public static final class Builder {
    private final String url;
    private boolean closedLoop;
    private double rate = 1_000;
    private Duration duration = Duration.ofSeconds(10);
    private Duration warmup = Duration.ofSeconds(2);
    private Duration rampUp = Duration.ZERO;
    private int connections = 16;
    private int inFlight = 1;
    private int threads = 1;
    private int users = 100_000;
    private String userPrefix = "a";
    private double zipfExponent = 1.0;
    private int items = 200_000;
    private String itemPrefix = "i";
    private Mix mix = Mix.recommendationsOnly();
    private int k = 10;
    private int batchSize = 100;
    private int eventsPerRequest = 1;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration lateAfter = Duration.ofMillis(2);
    private long seed = 42;
    private boolean allowRemote;
    private boolean missCache;

    private Builder(String url) {
      this.url = url;
    }

    public Builder closedLoop(boolean v) { closedLoop = v; return this; }
    public Builder rate(double v) { rate = v; return this; }
    public Builder duration(Duration v) { duration = v; return this; }
    public Builder warmup(Duration v) { warmup = v; return this; }
    public Builder rampUp(Duration v) { rampUp = v; return this; }
    public Builder connections(int v) { connections = v; return this; }
    public Builder inFlight(int v) { inFlight = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder users(int v) { users = v; return this; }
    public Builder userPrefix(String v) { userPrefix = v; return this; }
    public Builder zipfExponent(double v) { zipfExponent = v; return this; }
    public Builder items(int v) { items = v; return this; }
    public Builder itemPrefix(String v) { itemPrefix = v; return this; }
    public Builder mix(Mix v) { mix = v; return this; }
    public Builder k(int v) { k = v; return this; }
    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder eventsPerRequest(int v) { eventsPerRequest = v; return this; }
    public Builder timeout(Duration v) { timeout = v; return this; }
    public Builder lateAfter(Duration v) { lateAfter = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder allowRemote(boolean v) { allowRemote = v; return this; }
    public Builder missCache(boolean v) { missCache = v; return this; }

    public LoadSpec build() {
      URI uri;
      try {
        uri = URI.create(url == null ? "" : url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("url is not a valid URI: " + url);
      }
      return new LoadSpec(uri, closedLoop, rate, duration, warmup, rampUp, connections, inFlight, threads, users,
          userPrefix, zipfExponent, items, itemPrefix, mix, k, batchSize, eventsPerRequest, timeout, lateAfter,
          seed, allowRemote, missCache);
    }
  }
}
