package io.swarmrec.load;

import io.swarmrec.server.ServerConfig;
import io.swarmrec.server.SwarmrecServer;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real swarmrec service on the in-memory store, seeded with agents a0..a(n-1) and items i0..i(m-1)
 * in a few interest communities, for the load generator's tests and for measuring by hand:
 * {@code DemoServer [port] [users] [items]} serves until killed.
 */
final class DemoServer {
  private DemoServer() {
  }

  static SwarmrecServer start(int port, int users, int items, Map<String, String> overrides) throws InterruptedException {
    InteractionStore store = Stores.open("memory:");
    store.append(population(users, items));
    Map<String, String> cfg = new HashMap<>(Map.of("port", Integer.toString(port), "host", "127.0.0.1",
        "admin-token", "load-test", "rebuild-interval-seconds", "0", "rebuild-after-events", "0",
        "warm-users", "0"));
    cfg.putAll(overrides);
    return SwarmrecServer.start(ServerConfig.of(cfg), store);
  }

  /** Each agent likes five items of its community (agent index mod 5), deterministically. */
  static List<Event> population(int users, int items) {
    List<Event> events = new ArrayList<>();
    int communities = 5;
    int perCommunity = Math.max(1, items / communities);
    for (int u = 0; u < users; u++) {
      int c = u % communities;
      for (int j = 0; j < 5; j++) {
        int item = Math.min(items - 1, c * perCommunity + (u * 7 + j * 3) % perCommunity);
        events.add(Event.of("a" + u, "i" + item, j == 0 ? "like" : "view", 1_700_000_000L + u * 10L + j));
      }
    }
    return events;
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int items = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    SwarmrecServer s = start(port, users, items, Map.of("warm-users", "1000", "l1-max-bytes", "536870912"));
    System.out.println("swarmrec demo server on http://127.0.0.1:" + s.port() + " with " + users + " agents");
    Thread.currentThread().join();
  }
}
