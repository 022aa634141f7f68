package io.swarmrec.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis through Lettuce: one shared connection for commands and one for pub/sub (a subscribed Redis
 * connection cannot run other commands). A Lettuce connection is thread-safe and pipelines by nature:
 * every caller's command is written at once and the replies are matched in order, so one connection
 * serves all request threads, and a batch of SETs costs one round trip.
 *
 * <p>Failure behaviour, which is what the cache relies on: every command times out after the configured
 * command timeout; while the connection is down commands are rejected at once instead of buffering
 * without bound ({@code REJECT_COMMANDS}); at most {@code queueSize} commands may be outstanding.
 * Lettuce reconnects by itself (10 ms doubling to 1 s between attempts) and resubscribes the pub/sub
 * channels; each resubscription, and each reconnect of the command connection, is reported to
 * subscribers as {@link Subscriber#onReconnected()}. If Redis is unreachable at start, the first
 * connection is retried in the background in the same way and calls fail fast until then.
 */
final class LettuceL2Store implements L2Store {
  private static final Logger log = LoggerFactory.getLogger(LettuceL2Store.class);
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  /** For connecting and the handshake, not for commands (those have the command timeout). */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final long RETRY_MIN_MILLIS = 10;
  private static final long RETRY_MAX_MILLIS = 1000;

  private final RedisURI uri;
  private final ClientResources resources;
  private final RedisClient client;
  private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private final Set<String> subscribedOnce = ConcurrentHashMap.newKeySet();
  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile StatefulRedisPubSubConnection<String, byte[]> pubSub;
  private volatile boolean startedLate;
  private volatile boolean closed;

  LettuceL2Store(String url, Duration commandTimeout, int queueSize) {
    uri = RedisURI.create(url);
    uri.setTimeout(CONNECT_TIMEOUT);
    resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(RETRY_MIN_MILLIS), Duration.ofMillis(RETRY_MAX_MILLIS),
            2, TimeUnit.MILLISECONDS))
        .build();
    client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(queueSize)
        .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
        .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
        .build());
    try {
      adoptCommands(client.connect(CODEC, uri));
      adoptPubSub(client.connectPubSub(CODEC, uri));
    } catch (RedisConnectionException e) {
      log.warn("Redis at {} is unreachable ({}); serving from L1 and retrying in the background", safeUri(),
          e.getMessage());
      startedLate = true;
      if (connection == null) {
        retry(() -> client.connectAsync(CODEC, uri), this::adoptCommands, RETRY_MIN_MILLIS);
      }
      retry(() -> client.connectPubSubAsync(CODEC, uri), this::adoptPubSub, RETRY_MIN_MILLIS);
    }
  }

  @Override
  public CompletionStage<List<byte[]>> getAll(List<String> keys) {
    return dispatch(c -> c.mget(keys.toArray(new String[0])).thenApply(LettuceL2Store::values));
  }

  /**
   * One write of the whole batch to the socket: commands dispatched one by one are each flushed on their
   * own (a system call apiece), which for a batch of 100 took about four times as long as the MGET.
   */
  @Override
  public CompletionStage<Void> setAll(List<String> keys, List<byte[]> values, long[] ttlMillis) {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c == null) {
      return notConnected();
    }
    List<AsyncCommand<String, byte[], String>> sets = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      CommandArgs<String, byte[]> args = new CommandArgs<>(CODEC).addKey(keys.get(i)).addValue(values.get(i))
          .add(CommandKeyword.PX).add(ttlMillis[i]);
      sets.add(new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(CODEC), args)));
    }
    try {
      c.dispatch(sets);
    } catch (RuntimeException e) { // a full request queue may throw instead of failing the commands
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.allOf(sets.toArray(new CompletableFuture<?>[0]));
  }

  @Override
  public CompletionStage<Long> increment(String key) {
    return dispatch(c -> c.incr(key));
  }

  @Override
  public CompletionStage<Void> publish(String channel, byte[] message) {
    return dispatch(c -> c.publish(channel, message).thenApply(receivers -> null));
  }

  /** Subscribes at once when connected, waiting up to the connect timeout for Redis to confirm. */
  @Override
  public void subscribe(String channel, Subscriber subscriber) {
    boolean[] first = {false};
    subscribers.computeIfAbsent(channel, c -> {
      first[0] = true;
      return new CopyOnWriteArrayList<>();
    }).add(subscriber);
    StatefulRedisPubSubConnection<String, byte[]> ps = pubSub;
    if (ps != null && first[0]) {
      try {
        ps.async().subscribe(channel).toCompletableFuture().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) { // resubscribed on the next reconnect
        log.warn("could not subscribe to {} yet: {}", channel, e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(pubSub);
    closeQuietly(connection);
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  private <T> CompletionStage<T> dispatch(Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c == null) {
      return notConnected();
    }
    try {
      return command.apply(c.async());
    } catch (RuntimeException e) { // a full request queue may throw instead of failing the future
      return CompletableFuture.failedFuture(e);
    }
  }

  private <T> CompletionStage<T> notConnected() {
    return CompletableFuture.failedFuture(new RedisConnectionException("not connected to " + safeUri()));
  }

  private void adoptCommands(StatefulRedisConnection<String, byte[]> c) {
    if (closed) {
      c.closeAsync();
      return;
    }
    c.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
        notifyReconnected(subscribers.keySet());
      }
    });
    connection = c;
    if (startedLate) {
      log.info("connected to Redis at {}", safeUri());
      notifyReconnected(subscribers.keySet());
    }
  }

  private void adoptPubSub(StatefulRedisPubSubConnection<String, byte[]> ps) {
    if (closed) {
      ps.closeAsync();
      return;
    }
    ps.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        subscribers.getOrDefault(channel, List.of()).forEach(s -> s.onMessage(message));
      }

      @Override
      public void subscribed(String channel, long count) {
        if (!subscribedOnce.add(channel) || startedLate) {
          notifyReconnected(List.of(channel)); // messages sent while unsubscribed are lost
        }
      }
    });
    pubSub = ps;
    if (!subscribers.isEmpty()) {
      ps.async().subscribe(subscribers.keySet().toArray(new String[0]));
    }
  }

  private void notifyReconnected(Iterable<String> channels) {
    for (String channel : channels) {
      subscribers.getOrDefault(channel, List.of()).forEach(Subscriber::onReconnected);
    }
  }

  private <C> void retry(Supplier<? extends CompletionStage<C>> connect, Consumer<C> adopt, long delayMillis) {
    if (closed) {
      return;
    }
    resources.eventExecutorGroup().schedule(() -> connect.get().whenComplete((c, failure) -> {
      if (failure == null) {
        adopt.accept(c);
      } else {
        retry(connect, adopt, Math.min(RETRY_MAX_MILLIS, delayMillis * 2));
      }
    }), delayMillis, TimeUnit.MILLISECONDS);
  }

  private static List<byte[]> values(List<KeyValue<String, byte[]>> kvs) {
    List<byte[]> values = new ArrayList<>(kvs.size());
    for (KeyValue<String, byte[]> kv : kvs) {
      values.add(kv.getValueOrElse(null));
    }
    return values;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      log.debug("closing a Redis connection: {}", e.toString());
    }
  }

  /** The URI without its password, for logs. */
  private String safeUri() {
    return uri.getHost() + ":" + uri.getPort();
  }
}
