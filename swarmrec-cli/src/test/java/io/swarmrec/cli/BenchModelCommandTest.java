package io.swarmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchModelCommandTest {

  @Test
  void tinyRunReportsMemoryAndStepsThatMatchFreshScoring() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream before = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      CommandLine cl = Main.commandLine(ModelTrainer.REGISTRY);
      cl.setErr(new PrintWriter(new StringWriter()));
      exit = cl.execute("bench", "model", "--agents", "400", "--items", "80", "--interactions", "6000",
          "--seconds", "0.05", "--steps", "2", "--changed-fraction", "0.05", "--set", "neighbors=10", "--json");
    } finally {
      System.setOut(before);
    }
    assertThat(exit).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(r.path("batch_items_returned").asLong()).isPositive();
    JsonNode memory = r.path("memory");
    assertThat(memory.path("item_major_mb").asDouble()).isZero(); // dropped after training
    assertThat(memory.path("bytes_per_interaction").asDouble()).isPositive();
    assertThat(memory.path("bytes_per_agent").asDouble()).isPositive();
    assertThat(memory.has("model_index_mb")).isTrue();
    JsonNode steps = r.path("simulation_steps");
    assertThat(steps.path("mismatches").asInt()).isZero();
    JsonNode per = steps.path("per_step");
    assertThat(per).hasSize(3);
    assertThat(per.get(0).path("recomputed").asInt()).isEqualTo(400);
    for (int s = 1; s <= 2; s++) {
      int changed = per.get(s).path("agents_with_new_events").asInt();
      assertThat(changed).isEqualTo(20);
      assertThat(per.get(s).path("recomputed").asInt()).isBetween(1, changed);
    }
  }
}
