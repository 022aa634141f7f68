package io.swarmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchAnnCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine(ModelTrainer.REGISTRY);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void tinyRunPrintsEveryFigureAsJson() throws Exception {
    assertThat(run("bench", "ann", "--items", "3000", "--dim", "8", "--queries", "200", "--clusters", "16",
        "--m", "16", "--ef", "64", "--seconds", "0.1", "--json")).isZero();
    JsonNode r = new ObjectMapper().readTree(out.toString());
    assertThat(r.path("benchmark").asText()).isEqualTo("ann");
    assertThat(r.path("data").path("items").asInt()).isEqualTo(3000);
    assertThat(r.path("data").path("dim").asInt()).isEqualTo(8);
    assertThat(r.path("similarity").asText()).isEqualTo("dot");
    assertThat(r.path("k").asInt()).isEqualTo(10);
    assertThat(r.path("hnsw").path("m").asInt()).isEqualTo(16);
    assertThat(r.path("hnsw").path("ef_search").asInt()).isEqualTo(64);
    for (String kind : new String[] {"exact", "hnsw"}) {
      JsonNode x = r.path(kind);
      for (String f : new String[] {"build_seconds", "recall_at_k", "qps_1_thread", "qps_all_cores", "batch_qps"}) {
        assertThat(x.has(f)).as(kind + "." + f).isTrue();
        assertThat(x.path(f).asDouble()).as(kind + "." + f).isGreaterThanOrEqualTo(0);
      }
      assertThat(x.path("qps_1_thread").asLong()).isPositive();
    }
    assertThat(r.path("exact").path("recall_at_k").asDouble()).isEqualTo(1.0);
    assertThat(r.path("hnsw").path("recall_at_k").asDouble()).isBetween(0.9, 1.0);
    assertThat(err.toString()).contains("recall@10");
  }

  @Test
  void badSizesAreOneLineErrors() {
    int exit = run("bench", "ann", "--items", "0");
    assertThat(exit).isNotZero();
    assertThat(err.toString().lines().toList()).hasSize(1);
    assertThat(err.toString()).contains("must be positive");
    assertThat(out.toString()).isEmpty();
  }
}
