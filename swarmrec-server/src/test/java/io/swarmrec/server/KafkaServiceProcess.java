package io.swarmrec.server;

import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A service in a process of its own, for {@link KafkaCrashTest} to kill: {@code DIR key=value...} serves the
 * SQLite store in DIR with those settings, writes its HTTP port to {@code DIR/port} once ready, and runs until
 * killed.
 */
final class KafkaServiceProcess {
  private KafkaServiceProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Map<String, String> settings = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    InteractionStore store = Stores.open("sqlite:" + dir);
    SwarmrecServer server = SwarmrecServer.start(ServerConfig.of(settings), store);
    Path tmp = dir.resolve("port.tmp");
    Files.writeString(tmp, Integer.toString(server.port()));
    Files.move(tmp, dir.resolve("port"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(Long.MAX_VALUE);
  }
}
