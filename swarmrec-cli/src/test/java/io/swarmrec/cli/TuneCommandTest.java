package io.swarmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TuneCommandTest {
  @TempDir Path dir;
  private Path train;
  private Path test;
  private Path otherTest;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  /** The real catalogue, recording how many interactions each training saw. */
  private final List<Long> trainedOn = new ArrayList<>();
  private final ModelTrainer recording = new ModelTrainer() {
    @Override
    public Set<String> names() {
      return ModelTrainer.REGISTRY.names();
    }

    @Override
    public Recommender train(String algo, Interactions data, Params params) {
      trainedOn.add(data.numInteractions());
      return ModelTrainer.REGISTRY.train(algo, data, params);
    }
  };

  /**
   * Four communities of 15 users and 12 items; each user holds 7 random items of their community, one
   * random item of another community (noise), and two further community items go to each test file.
   */
  @BeforeEach
  void writeData() throws IOException {
    Random rnd = new Random(5);
    StringBuilder t = new StringBuilder();
    StringBuilder s1 = new StringBuilder();
    StringBuilder s2 = new StringBuilder();
    for (int u = 0; u < 60; u++) {
      int g = u / 15;
      List<Integer> items = new ArrayList<>();
      for (int j = 0; j < 12; j++) {
        items.add(g * 12 + j);
      }
      java.util.Collections.shuffle(items, rnd);
      for (int n = 0; n < 7; n++) {
        t.append(u).append('\t').append(items.get(n)).append("\t1\t").append(1_700_000_000L + n).append('\n');
      }
      t.append(u).append('\t').append(((g + 1) % 4) * 12 + rnd.nextInt(12)).append("\t1\t1700000100\n");
      s1.append(u).append('\t').append(items.get(7)).append("\t1\t1700000200\n");
      s1.append(u).append('\t').append(items.get(8)).append("\t1\t1700000200\n");
      s2.append(u).append('\t').append(items.get(9)).append("\t1\t1700000200\n");
      s2.append(u).append('\t').append(((g + 2) % 4) * 12 + u % 12).append("\t1\t1700000200\n");
    }
    train = Files.writeString(dir.resolve("train.tsv"), t.toString());
    test = Files.writeString(dir.resolve("test.tsv"), s1.toString());
    otherTest = Files.writeString(dir.resolve("other-test.tsv"), s2.toString());
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = Main.commandLine(recording);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private JsonNode tune(Path testFile) throws IOException {
    trainedOn.clear();
    int exit = run("tune", "--train", train.toString(), "--test", testFile.toString(), "--algos",
        "userknn,itemknn,pop", "--max-trials", "8", "--k", "5,10", "--metric", "ndcg@10", "--json");
    assertThat(exit).as(err.toString()).isZero();
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void reportsValidationTrialsAndOneTestFigureInEvalsContract() throws IOException {
    JsonNode json = tune(test);
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("algo", "params", "users_evaluated", "metrics", "train_seconds", "eval_seconds",
        "dataset", "tuning", "settings");
    assertThat(json.get("metrics").get("ndcg@10").asDouble()).isBetween(0.0, 1.0);
    assertThat(json.get("dataset").get("validation").asBoolean()).isFalse();
    JsonNode tuning = json.get("tuning");
    assertThat(tuning.get("metric").asText()).isEqualTo("ndcg@10");
    JsonNode trials = tuning.get("trials");
    assertThat(trials.size()).isGreaterThan(3);
    List<String> algos = new ArrayList<>();
    double best = 0;
    for (JsonNode trial : trials) {
      algos.add(trial.get("algo").asText());
      assertThat(trial.get("validation").has("ndcg@10")).isTrue();
      assertThat(trial.has("metrics")).as("trials carry validation figures only").isFalse();
      best = Math.max(best, trial.get("validation").get("ndcg@10").asDouble());
    }
    assertThat(algos).contains("userknn", "itemknn", "pop", "blend");
    assertThat(algos.stream().filter(a -> !a.equals("blend")).count()).as("--max-trials").isLessThanOrEqualTo(8);
    assertThat(tuning.get("chosen").get("validation_ndcg@10").asDouble()).isEqualTo(best);
    String chosen = tuning.get("chosen").get("algo").asText();
    assertThat(json.get("algo").asText()).isEqualTo(chosen);
    assertThat(json.get("settings").get(0).asText()).isEqualTo("algos=" + chosen + ",pop");
    // every search training saw the validation split's training part; the last one, all training data
    long all = json.get("dataset").get("train_interactions").asLong();
    long carved = tuning.get("validation_train_interactions").asLong();
    assertThat(carved + tuning.get("validation_test_interactions").asLong()).isEqualTo(all);
    assertThat(trainedOn.subList(0, trainedOn.size() - 1)).isNotEmpty().containsOnly(carved);
    assertThat(trainedOn.get(trainedOn.size() - 1)).isEqualTo(all);
  }

  @Test
  void theTestDataNeverInfluencesTheChoice() throws IOException {
    JsonNode first = tune(test);
    JsonNode second = tune(otherTest);
    assertThat(second.get("tuning").get("trials").toString().replaceAll("_seconds\":[0-9.E-]+", ""))
        .isEqualTo(first.get("tuning").get("trials").toString().replaceAll("_seconds\":[0-9.E-]+", ""));
    assertThat(second.get("tuning").get("chosen")).isEqualTo(first.get("tuning").get("chosen"));
    assertThat(second.get("params")).isEqualTo(first.get("params"));
    assertThat(second.get("metrics").get("ndcg@10").asDouble())
        .isNotEqualTo(first.get("metrics").get("ndcg@10").asDouble());
  }

  @Test
  void reRanksValidationTrialsAndTheTestRunAlike() throws IOException {
    String[] base = {"tune", "--train", train.toString(), "--test", test.toString(), "--algos", "pop,itemknn",
        "--no-blend", "--max-trials", "3", "--k", "10", "--metric", "ndcg@10", "--json"};
    assertThat(run(base)).as(err.toString()).isZero();
    JsonNode plain = new ObjectMapper().readTree(out.toString());
    List<String> diverse = new ArrayList<>(List.of(base));
    diverse.addAll(List.of("--diversity", "0.9", "--rerank-candidates", "40"));
    assertThat(run(diverse.toArray(String[]::new))).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("rerank").get("diversity").asDouble()).isEqualTo(0.9);
    assertThat(json.get("rerank").get("candidates").asInt()).isEqualTo(40);
    // strong diversity changes what the validation trials measure and what the test lists hold
    assertThat(json.get("tuning").get("trials").get(0).get("validation"))
        .isNotEqualTo(plain.get("tuning").get("trials").get(0).get("validation"));
    assertThat(json.get("metrics").get("ild@10").asDouble())
        .isGreaterThan(plain.get("metrics").get("ild@10").asDouble());
  }

  @Test
  void theTablePrintsTrialsTestFiguresAndSettings() {
    assertThat(run("tune", "--train", train.toString(), "--test", test.toString(), "--algos", "pop,itemknn",
        "--no-blend", "--max-trials", "3", "--k", "10")).isZero();
    assertThat(out.toString()).contains("validation trials (ndcg@20):", "test (once, chosen configuration):",
        "server settings:", "default-algo=");
    assertThat(out.toString()).doesNotContain("blend");
  }

  @Test
  void theSavedConfigurationIsWhatServeLoads() throws IOException {
    Path saved = dir.resolve("tuned.properties");
    assertThat(run("tune", "--train", train.toString(), "--test", test.toString(), "--algos", "userknn,itemknn",
        "--max-trials", "5", "--k", "10", "--save", saved.toString(), "--json")).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    io.swarmrec.server.ServerConfig cfg = io.swarmrec.server.ServerConfig.load(saved, java.util.Map.of(),
        java.util.Map.of());
    String algo = json.get("algo").asText();
    assertThat(cfg.defaultAlgo()).isEqualTo(algo);
    assertThat(cfg.algos()).contains(algo);
    JsonNode chosen = json.get("tuning").get("chosen").get("params");
    java.util.Map<String, String> expect = new java.util.LinkedHashMap<>();
    chosen.fields().forEachRemaining(e -> expect.put(e.getKey(), e.getValue().asText()));
    assertThat(cfg.algoParams(algo)).isEqualTo(expect);
  }

  @Test
  void autoTunesEveryFamilyThatFitsTheCatalogue() throws IOException {
    assertThat(TuneCommand.families(30_000, ModelTrainer.REGISTRY.names()))
        .containsExactly("itemknn", "userknn", "als", "gfcf", "rp3b", "chebycf");
    assertThat(TuneCommand.families(5_000, ModelTrainer.REGISTRY.names())).contains("ease");
    trainedOn.clear();
    assertThat(run("tune", "--train", train.toString(), "--test", test.toString(), "--max-trials", "12",
        "--no-blend", "--k", "10", "--json", "--set", "gfcf.factors=16", "--set", "chebycf.factors=16"))
        .as(err.toString()).isZero();
    JsonNode trials = new ObjectMapper().readTree(out.toString()).get("tuning").get("trials");
    List<String> algos = new ArrayList<>();
    trials.forEach(t -> algos.add(t.get("algo").asText()));
    assertThat(algos).hasSize(12).containsAll(TuneCommand.families(48, ModelTrainer.REGISTRY.names()));
    // successive halving: after the defaults, the search trials do not go evenly to every family
    assertThat(algos.subList(7, 12).stream().distinct().count()).isLessThan(7);
  }

  @Test
  void badArgumentsAreOneLine() {
    for (String[] args : List.of(
        new String[] {"--algos", "nosuch"},
        new String[] {"--algos", "blend"},
        new String[] {"--algos", "pop,pop"},
        new String[] {"--algos", "pop", "--set", "alpha=1"},
        new String[] {"--algos", "pop", "--space", "itemknn.neighbors=1,2"},
        new String[] {"--algos", "pop", "--metric", "mrr"},
        new String[] {"--algos", "pop,itemknn", "--max-trials", "1"})) {
      List<String> all = new ArrayList<>(List.of("tune", "--train", train.toString()));
      all.addAll(List.of(args));
      int exit = run(all.toArray(String[]::new));
      assertThat(exit).as(String.join(" ", args)).isNotZero();
      assertThat(err.toString().lines().toList()).as(String.join(" ", args)).hasSize(1);
      assertThat(err.toString()).startsWith("swarmrec: ");
      assertThat(out.toString()).isEmpty();
    }
  }
}
