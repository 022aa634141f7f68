package io.swarmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecommendCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Two communities: u0..u19 like a0..a9, v0..v19 view b0..b9. */
  private String seededStore() {
    String url = "sqlite:" + dir.resolve("store");
    List<Event> events = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      for (int i = 0; i < 10; i++) {
        if ((u + i) % 3 != 0 || i == 0) {
          events.add(Event.of("u" + u, "a" + i, "like", 1_700_000_000L + u * 10 + i));
          events.add(Event.of("v" + u, "b" + i, "view", 1_700_000_000L + u * 10 + i));
        }
      }
    }
    try (InteractionStore st = Stores.open(url)) {
      st.append(events);
    }
    return url;
  }

  @Test
  void answersEachAgentInOrderFromItsCommunityAndTheSameAgain() throws Exception {
    String url = seededStore();
    Path file = Files.writeString(dir.resolve("agents.txt"), "v1\n\nnobody\n");
    assertThat(execute("--store", url, "--users", "u1", "--users-file", file.toString(), "--k", "3"))
        .as(err.toString()).isZero();
    String first = out.toString();
    List<JsonNode> lines = first.lines().map(RecommendCommandTest::parse).toList();
    assertThat(lines).extracting(l -> l.path("user").asText()).containsExactly("u1", "v1", "nobody");
    assertThat(items(lines.get(0))).hasSize(3).allMatch(i -> i.startsWith("a"));
    assertThat(lines.get(0).path("algo").asText()).isEqualTo("itemknn");
    assertThat(items(lines.get(1))).hasSize(3).allMatch(i -> i.startsWith("b"));
    assertThat(lines.get(2).path("algo").asText()).isEqualTo("pop"); // unknown: the popularity ranking
    assertThat(items(lines.get(2))).hasSize(3);

    out.getBuffer().setLength(0);
    assertThat(execute("--store", url, "--users", "u1,v1,nobody", "--k", "3")).isZero();
    assertThat(out.toString()).isEqualTo(first);
  }

  @Test
  void badInputGetsAOneLineErrorAndANonZeroExit() {
    String url = seededStore();
    assertThat(execute("--store", url)).isEqualTo(2);
    assertThat(err.toString()).contains("give the agents with --users or --users-file");
    assertThat(execute("--store", url, "--users", "u1", "--algo", "als")).isNotZero();
    assertThat(err.toString()).contains("algorithm 'als' is not served");
    assertThat(execute("--data", dir.resolve("missing").toString(), "--users", "u1")).isNotZero();
    assertThat(err.toString()).contains("no store in");
  }

  private int execute(String... args) {
    CommandLine cli = Main.commandLine(ModelTrainer.REGISTRY);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "recommend";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  private static JsonNode parse(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  private static List<String> items(JsonNode line) {
    List<String> ids = new ArrayList<>();
    line.path("items").forEach(i -> ids.add(i.path("item").asText()));
    return ids;
  }
}
