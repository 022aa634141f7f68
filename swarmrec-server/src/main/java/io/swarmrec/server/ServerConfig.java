package io.swarmrec.server;

import io.swarmrec.store.StoreOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of a swarmrec service, validated in one place (the HikariCP habit): a bad value is
 * reported with its key and source at start-up, all problems at once, instead of failing later on a
 * request.
 *
 * <p>Sources, lowest precedence first: built-in defaults, a properties file ({@code --config FILE}),
 * environment variables ({@code SWARMREC_} + the key upper-cased with dashes as underscores, for example
 * {@code SWARMREC_REDIS}), and command-line flags. Keys are listed in {@link #DEFAULTS}.
 */
public final class ServerConfig {
  /** Prefix of algorithm hyper-parameters: {@code param.itemknn.neighbors=200}. */
  public static final String PARAM_PREFIX = "param.";

  /** Every known key with its default ("" = unset). */
  public static final Map<String, String> DEFAULTS = defaults();

  private final Map<String, String> values;
  private final List<String> algos;

  private ServerConfig(Map<String, String> values) {
    this.values = values;
    List<String> a = new ArrayList<>();
    for (String s : values.get("algos").split(",")) {
      if (!s.isBlank()) {
        a.add(s.trim().toLowerCase(Locale.ROOT));
      }
    }
    this.algos = List.copyOf(a);
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("host", "127.0.0.1");
    d.put("port", "8080");
    d.put("data", "data");
    d.put("store", "");
    d.put("store-staging-limit", String.valueOf(StoreOptions.DEFAULT_STAGING_LIMIT));
    d.put("store-merge-chunk", String.valueOf(StoreOptions.DEFAULT_MERGE_CHUNK));
    d.put("redis", "");
    d.put("admin-token", "");
    d.put("demo", "false");
    d.put("demo-agents", "5000");
    d.put("algos", "itemknn,pop");
    d.put("default-algo", "itemknn");
    d.put("max-k", "200");
    d.put("max-batch-users", "10000");
    d.put("max-events-per-request", "10000");
    d.put("max-body-bytes", "8388608");
    d.put("max-id-length", "256");
    d.put("ndjson-threshold", "1000");
    d.put("deadline-ms", "100");
    d.put("store-timeout-ms", "2000");
    d.put("idempotency-window-seconds", "86400");
    d.put("idempotency-max-keys", "1000000");
    d.put("idle-timeout-seconds", "60");
    d.put("read-timeout-seconds", "10");
    d.put("max-connections", "10000");
    d.put("max-concurrent", "256");
    d.put("worker-threads", "0");
    d.put("io-threads", "0");
    d.put("rebuild-interval-seconds", "600");
    d.put("rebuild-after-events", "100000");
    d.put("tail-interval-ms", "250");
    d.put("warm-users", "1000");
    d.put("l1-max-bytes", "134217728");
    d.put("ttl-new-seconds", "1800");
    d.put("ttl-regular-seconds", "3600");
    d.put("ttl-frequent-seconds", "7200");
    d.put("redis-timeout-ms", "50");
    d.put("redis-prefix", "sr");
    d.put("trending-half-life-hours", "24");
    d.put("rotation", "off");
    d.put("rotation-after", "1");
    d.put("rotation-window-seconds", "86400");
    d.put("rotation-demote", "0.1");
    d.put("record-impressions", "false");
    d.put("step-epoch", "1704067200");
    d.put("step-seconds", "3600");
    d.put("kafka", "");
    d.put("kafka-topic-events", "swarmrec.events");
    d.put("kafka-topic-items", "swarmrec.items");
    d.put("kafka-group", "swarmrec");
    return d;
  }

  /** Builds a configuration from a file (may be null), the environment and flags, then validates it. */
  public static ServerConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
    Map<String, String> source = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
      }
      for (String k : p.stringPropertyNames()) {
        put(v, source, problems, k.trim(), p.getProperty(k).trim(), "config file " + file);
      }
    }
    for (String k : DEFAULTS.keySet()) {
      String e = env.get("SWARMREC_" + k.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (e != null) {
        put(v, source, problems, k, e.trim(), "environment");
      }
    }
    flags.forEach((k, val) -> put(v, source, problems, k, val, "flag --" + k));
    ServerConfig c = new ServerConfig(v);
    c.validate(problems, source);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
    }
    return c;
  }

  /** Defaults plus the given overrides, validated (for tests and embedding). */
  public static ServerConfig of(Map<String, String> overrides) {
    return load(null, Map.of(), overrides);
  }

  private static void put(Map<String, String> v, Map<String, String> source, List<String> problems,
      String k, String val, String from) {
    if (!DEFAULTS.containsKey(k) && !(k.startsWith(PARAM_PREFIX) && k.indexOf('.', PARAM_PREFIX.length()) > 0)) {
      problems.add("unknown setting '" + k + "' (" + from + ")");
      return;
    }
    v.put(k, val);
    source.put(k, from);
  }

  private void validate(List<String> problems, Map<String, String> source) {
    intIn("port", 0, 65535, problems, source);
    intIn("demo-agents", 10, 10_000_000, problems, source);
    intIn("max-k", 1, 100_000, problems, source);
    intIn("max-batch-users", 1, 10_000_000, problems, source);
    intIn("max-events-per-request", 1, 10_000_000, problems, source);
    intIn("max-body-bytes", 1024, 1 << 30, problems, source);
    intIn("max-id-length", 1, 4096, problems, source);
    intIn("ndjson-threshold", 1, 10_000_000, problems, source);
    intIn("deadline-ms", 1, 600_000, problems, source);
    intIn("store-timeout-ms", 1, 600_000, problems, source);
    intIn("idempotency-window-seconds", 1, Integer.MAX_VALUE, problems, source);
    intIn("idempotency-max-keys", 1, 100_000_000, problems, source);
    intIn("idle-timeout-seconds", 0, Integer.MAX_VALUE, problems, source);
    intIn("read-timeout-seconds", 0, Integer.MAX_VALUE, problems, source);
    intIn("max-connections", 1, 10_000_000, problems, source);
    intIn("max-concurrent", 1, 1_000_000, problems, source);
    intIn("worker-threads", 0, 4096, problems, source);
    intIn("io-threads", 0, 4096, problems, source);
    intIn("rebuild-interval-seconds", 0, Integer.MAX_VALUE, problems, source);
    intIn("rebuild-after-events", 0, Integer.MAX_VALUE, problems, source);
    intIn("tail-interval-ms", 10, 3_600_000, problems, source);
    intIn("warm-users", 0, 10_000_000, problems, source);
    longIn("l1-max-bytes", 0, Long.MAX_VALUE, problems, source);
    intIn("ttl-new-seconds", 1, Integer.MAX_VALUE, problems, source);
    intIn("ttl-regular-seconds", 1, Integer.MAX_VALUE, problems, source);
    intIn("ttl-frequent-seconds", 1, Integer.MAX_VALUE, problems, source);
    intIn("redis-timeout-ms", 1, 60_000, problems, source);
    intIn("trending-half-life-hours", 1, 1_000_000, problems, source);
    intIn("store-staging-limit", 0, Integer.MAX_VALUE, problems, source);
    intIn("store-merge-chunk", 1, Integer.MAX_VALUE, problems, source);
    if (problems.isEmpty()) {
      try {
        storeOptions();
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage() + from(source, "store-staging-limit"));
      }
    }
    intIn("rotation-after", 1, 1_000_000, problems, source);
    longIn("step-epoch", 0, 3_725_320_447L, problems, source);
    intIn("step-seconds", 1, 31_536_000, problems, source);
    intIn("rotation-window-seconds", 1, Integer.MAX_VALUE, problems, source);
    String rotation = values.get("rotation");
    if (!List.of("off", "exclude", "demote").contains(rotation)) {
      problems.add("rotation must be off, exclude or demote, got '" + rotation + "'" + from(source, "rotation"));
    }
    try {
      float f = Float.parseFloat(values.get("rotation-demote"));
      if (!(f >= 0 && f <= 1)) {
        problems.add("rotation-demote must be between 0 and 1, got " + f + from(source, "rotation-demote"));
      }
    } catch (NumberFormatException e) {
      problems.add("rotation-demote must be a number, got '" + values.get("rotation-demote") + "'"
          + from(source, "rotation-demote"));
    }
    String ri = values.get("record-impressions");
    if (!ri.equals("true") && !ri.equals("false")) {
      problems.add("record-impressions must be true or false, got '" + ri + "'" + from(source, "record-impressions"));
    }
    String demo = values.get("demo");
    if (!demo.equals("true") && !demo.equals("false")) {
      problems.add("demo must be true or false, got '" + demo + "'" + from(source, "demo"));
    }
    List<String> algos = algos();
    if (algos.isEmpty()) {
      problems.add("algos must list at least one algorithm" + from(source, "algos"));
    }
    if (!algos.contains(defaultAlgo())) {
      problems.add("default-algo '" + defaultAlgo() + "' is not among algos " + algos + from(source, "default-algo"));
    }
    kafkaProblems(problems, source);
    String redis = redisUrl();
    if (redis != null && !(redis.startsWith("redis://") || redis.startsWith("rediss://"))) {
      problems.add("redis must be a redis:// or rediss:// URL, got '" + redis + "'" + from(source, "redis"));
    }
  }

  private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:]+:(\\d{1,5})");
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** kafka: a comma-separated list of HOST:PORT; topics as Kafka allows them, two different ones; a group id. */
  private void kafkaProblems(List<String> problems, Map<String, String> source) {
    String servers = get("kafka");
    if (!servers.isEmpty()) {
      for (String hp : servers.split(",", -1)) {
        Matcher m = HOST_PORT.matcher(hp.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
          problems.add("kafka must be HOST:PORT[,HOST:PORT...], got '" + servers + "'" + from(source, "kafka"));
          break;
        }
      }
    }
    for (String k : List.of("kafka-topic-events", "kafka-topic-items")) {
      String t = get(k);
      if (!TOPIC.matcher(t).matches() || t.equals(".") || t.equals("..")) {
        problems.add(k + " must be a Kafka topic name (1..249 of a-z A-Z 0-9 . _ -), got '" + t + "'" + from(source, k));
      }
    }
    if (get("kafka-topic-events").equals(get("kafka-topic-items"))) {
      problems.add("kafka-topic-events and kafka-topic-items must differ, both are '" + get("kafka-topic-items") + "'"
          + from(source, "kafka-topic-items"));
    }
    String g = get("kafka-group");
    if (g.isBlank() || g.length() > 255 || g.chars().anyMatch(Character::isISOControl)) {
      problems.add("kafka-group must have 1..255 printable characters, got '" + g + "'" + from(source, "kafka-group"));
    }
  }

  private void intIn(String k, long lo, long hi, List<String> problems, Map<String, String> source) {
    longIn(k, lo, hi, problems, source);
  }

  private void longIn(String k, long lo, long hi, List<String> problems, Map<String, String> source) {
    String s = values.get(k);
    try {
      long v = Long.parseLong(s);
      if (v < lo || v > hi) {
        problems.add(k + " must be between " + lo + " and " + hi + ", got " + v + from(source, k));
      }
    } catch (NumberFormatException e) {
      problems.add(k + " must be a whole number, got '" + s + "'" + from(source, k));
    }
  }

  private static String from(Map<String, String> source, String k) {
    String s = source.get(k);
    return s == null ? "" : " (" + s + ")";
  }

  public String get(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("unknown setting " + key);
    }
    return v;
  }

  public int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  public long getLong(String key) {
    return Long.parseLong(get(key));
  }

  public String host() {
    return get("host");
  }

  public int port() {
    return getInt("port");
  }

  public Path dataDir() {
    return Path.of(get("data"));
  }

  /** The store URL; the embedded SQLite store in {@link #dataDir()} when unset. */
  public String storeUrl() {
    String s = get("store");
    return s.isEmpty() ? "sqlite:" + dataDir().toAbsolutePath() : s;
  }

  /**
   * Store settings from the configuration: {@code store-staging-limit} events may wait in the unindexed
   * staging table (0: append straight into the indexed log) and merges move {@code store-merge-chunk} at a time.
   */
  public StoreOptions storeOptions() {
    return StoreOptions.defaults().withStaging(getInt("store-staging-limit"), getInt("store-merge-chunk"));
  }

  /** The Redis URL, or null when the service runs on the in-process cache alone. */
  public String redisUrl() {
    String s = get("redis");
    return s.isEmpty() ? null : s;
  }

  /** The Kafka bootstrap servers ({@code kafka}), or null when the service consumes no topics. */
  public String kafkaServers() {
    String s = get("kafka");
    return s.isEmpty() ? null : s;
  }

  /** The admin token, or null when unset (the server then makes one and writes it to a file, never to the log). */
  public String adminToken() {
    String s = get("admin-token");
    return s.isEmpty() ? null : s;
  }

  public boolean demo() {
    return Boolean.parseBoolean(get("demo"));
  }

  /** The configured algorithms, lower-case, in order (parsed once). */
  public List<String> algos() {
    return algos;
  }

  public String defaultAlgo() {
    return get("default-algo").trim().toLowerCase(Locale.ROOT);
  }

  /** The hyper-parameters given for {@code algo} ({@code param.<algo>.<key>} settings). */
  public Map<String, String> algoParams(String algo) {
    String prefix = PARAM_PREFIX + algo + ".";
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        m.put(k.substring(prefix.length()), v);
      }
    });
    return m;
  }

  /** Worker threads for scoring; 0 in the settings means one per core. */
  public int workerThreads() {
    int n = getInt("worker-threads");
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }

  /** Netty I/O threads; 0 in the settings means one per core. */
  public int ioThreads() {
    int n = getInt("io-threads");
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }

  /** All values, for logging (the admin token masked). */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>(values);
    if (!m.get("admin-token").isEmpty()) {
      m.put("admin-token", "***");
    }
    return m;
  }
}
