package io.swarmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.EvalResult;
import io.swarmrec.eval.Evaluator;
import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import io.swarmrec.eval.split.Split;
import io.swarmrec.eval.split.Splits;
import io.swarmrec.eval.testing.DataDir;
import io.swarmrec.eval.testing.StaticRankRecommender;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class EvalCommandTest {
  /** Most popular items, with one parameter ("depth", read and echoed back) to check the params report. */
  private static final ModelTrainer TEST_TRAINER = new ModelTrainer() {
    @Override
    public Set<String> names() {
      return Set.of("test-pop");
    }

    @Override
    public Recommender train(String algo, Interactions data, Params params) {
      params.getInt("depth", 3);
      params.requireAllUsed(algo);
      return StaticRankRecommender.popularity(data);
    }
  };

  @TempDir Path dir;
  private Path train;
  private Path test;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeData() throws IOException {
    StringBuilder t = new StringBuilder();
    StringBuilder s = new StringBuilder();
    for (int u = 0; u < 30; u++) {
      for (int i = 0; i <= u % 7 + 2; i++) {
        t.append(u).append('\t').append((u + i * i) % 25).append('\t').append(1 + (u + i) % 5).append('\t')
            .append(1_700_000_000L + u * 100 + i).append('\n');
      }
      s.append(u).append('\t').append((u * 3) % 25).append("\t5\t1700009999\n");
    }
    train = Files.writeString(dir.resolve("train.tsv"), t.toString());
    test = Files.writeString(dir.resolve("test.tsv"), s.toString());
  }

  private int run(ModelTrainer trainer, String... args) {
    CommandLine cl = Main.commandLine(trainer);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private int run(String... args) {
    return run(TEST_TRAINER, args);
  }

  private List<String> errLines() {
    return err.toString().lines().toList();
  }

  private void assertOneErrorLine(int exit, String... fragments) {
    assertThat(exit).isNotZero();
    assertThat(errLines()).hasSize(1);
    assertThat(errLines().get(0)).startsWith("swarmrec: ").contains(fragments).doesNotContain("Exception");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void reRanksEachListUnderTheFeedOptionsAndReportsThem() throws IOException {
    // items 0..24: even ones in category "even", odd ones in "odd"; at most one per category leaves 2 items
    StringBuilder c = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      c.append(i).append('\t').append(i % 2 == 0 ? "even" : "odd").append('\n');
    }
    Path cats = Files.writeString(dir.resolve("cats.txt"), c.toString());
    int exit = run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop",
        "--k", "5", "--json", "--max-per-category", "1", "--item-categories", cats.toString(), "--diversity", "0.3");
    assertThat(exit).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("rerank").get("max_per_category").asInt()).isEqualTo(1);
    assertThat(json.get("rerank").get("diversity").asDouble()).isEqualTo(0.3);
    assertThat(json.get("rerank").get("candidates").asInt()).isEqualTo(100);
    assertThat(err.toString()).contains("categories: 25 of 25 items have one of 2 categories");
    double capped = json.get("metrics").get("coverage@5").asDouble();
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop", "--k", "5",
        "--json")).isZero();
    JsonNode plain = new ObjectMapper().readTree(out.toString());
    assertThat(plain.has("rerank")).isFalse();
    // two items per list (the most popular unseen even and odd one) reach fewer distinct items than five
    assertThat(capped).isPositive().isLessThan(plain.get("metrics").get("coverage@5").asDouble());
  }

  @Test
  void badFeedOptionsAreUsageErrors() {
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--max-per-category", "2"),
        "--max-per-category needs --item-categories");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--diversity", "1.5"),
        "--diversity must be in [0, 1]");
  }

  @Test
  void printsTheJsonContract() throws IOException {
    int exit = run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop",
        "--k", "5,10", "--json");
    assertThat(exit).isZero();
    assertThat(err.toString()).isEmpty();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("algo", "params", "users_evaluated", "metrics", "train_seconds", "eval_seconds",
        "dataset");
    assertThat(json.get("algo").asText()).isEqualTo("test-pop");
    assertThat(json.get("params").get("depth").asInt()).isEqualTo(3);
    assertThat(json.get("users_evaluated").asInt()).isEqualTo(30);
    List<String> metrics = new ArrayList<>();
    json.get("metrics").fieldNames().forEachRemaining(metrics::add);
    assertThat(metrics).containsExactly("recall@5", "recall@10", "ndcg@5", "ndcg@10", "precision@5", "precision@10",
        "hr@5", "hr@10", "map@5", "map@10", "mrr", "coverage@5", "coverage@10", "gini@5", "gini@10", "ild@5", "ild@10",
        "novelty@5", "novelty@10");
    json.get("metrics").fields().forEachRemaining(e -> assertThat(e.getValue().asDouble())
        .isBetween(0.0, e.getKey().startsWith("novelty") ? Math.log(30) / Math.log(2) : 1.0));
    assertThat(json.get("train_seconds").asDouble()).isNotNegative();
    assertThat(json.get("dataset").get("split").asText()).isEqualTo("given");
    assertThat(json.get("dataset").get("test_interactions").asInt()).isEqualTo(30);
  }

  @Test
  void passesParametersThroughAndReportsThem() throws IOException {
    int exit = run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop",
        "--set", "depth=7", "--json");
    assertThat(exit).isZero();
    assertThat(new ObjectMapper().readTree(out.toString()).get("params").get("depth").asInt()).isEqualTo(7);
  }

  @Test
  void printsATableWithoutJson() {
    int exit = run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop", "--k", "10");
    assertThat(exit).isZero();
    assertThat(out.toString()).contains("algo        test-pop", "evaluated   30 users")
        .containsPattern("(?m)^metric +@10$").containsPattern("(?m)^recall +0\\.\\d{4}$")
        .containsPattern("(?m)^mrr +0\\.\\d{4}$");
  }

  @Test
  void splitsASingleFileAndCarvesValidationFromTraining() throws IOException {
    assertThat(run("eval", "--train", train.toString(), "--algo", "test-pop", "--split", "loo", "--json")).isZero();
    JsonNode loo = new ObjectMapper().readTree(out.toString());
    assertThat(loo.get("dataset").get("split").asText()).isEqualTo("loo");
    assertThat(loo.get("users_evaluated").asInt()).isEqualTo(30); // everyone has >= 2 items: one each to test
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop",
        "--validation", "--fraction", "0.5", "--json")).isZero();
    JsonNode validation = new ObjectMapper().readTree(out.toString());
    assertThat(validation.get("dataset").get("validation").asBoolean()).isTrue();
    long trainSize = loo.get("dataset").get("train_interactions").asLong() + 30;
    assertThat(validation.get("dataset").get("train_interactions").asLong()
        + validation.get("dataset").get("test_interactions").asLong()).isEqualTo(trainSize);
  }

  @Test
  void relevantRatingFiltersOnlyTheHeldOutSide() throws IOException {
    assertThat(run("eval", "--train", train.toString(), "--algo", "test-pop", "--json")).isZero();
    JsonNode all = new ObjectMapper().readTree(out.toString()).get("dataset");
    out.getBuffer().setLength(0);
    assertThat(run("eval", "--train", train.toString(), "--algo", "test-pop", "--relevant-rating", "4",
        "--json")).isZero();
    JsonNode liked = new ObjectMapper().readTree(out.toString()).get("dataset");
    assertThat(liked.get("train_interactions").asLong()).isEqualTo(all.get("train_interactions").asLong());
    assertThat(liked.get("test_interactions").asLong()).isPositive()
        .isLessThan(all.get("test_interactions").asLong());
    assertThat(liked.get("relevant_rating").asDouble()).isEqualTo(4.0);
    out.getBuffer().setLength(0);
    // a given test file is filtered while reading; its events all have rating 5
    assertThat(run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop",
        "--relevant-rating", "5", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(out.toString()).get("dataset").get("test_interactions").asInt())
        .isEqualTo(30);
    out.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--binary",
        "--relevant-rating", "4"), "--relevant-rating", "--binary");
  }

  @Test
  void itemVectorsReachTheContentModel() throws IOException {
    StringBuilder v = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      v.append(i).append(' ').append(i % 5 == 0 ? 1 : 0).append(' ').append(i % 5 == 1 ? 1 : 0).append(' ')
          .append(i % 5 >= 2 ? 1 : 0).append('\n');
    }
    Path vectors = Files.writeString(dir.resolve("vectors.txt"), v.toString());
    assertThat(run(ModelTrainer.REGISTRY, "eval", "--train", train.toString(), "--test", test.toString(), "--algo",
        "content", "--item-vectors", vectors.toString(), "--json")).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("dataset").get("item_vectors").asText()).endsWith("vectors.txt");
    assertThat(json.get("metrics").get("coverage@10").asDouble()).isPositive();
    out.getBuffer().setLength(0);
    // without vectors the content model has no profile for anyone: nothing is recommended
    assertThat(run(ModelTrainer.REGISTRY, "eval", "--train", train.toString(), "--test", test.toString(), "--algo",
        "content", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(out.toString()).get("metrics").get("coverage@10").asDouble()).isZero();
    out.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--item-vectors",
        dir.resolve("missing.txt").toString()), "--item-vectors", "no such file");
  }

  @Test
  void unknownAlgorithmIsOneLine() {
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "nope"), "unknown algorithm 'nope'",
        "known: test-pop");
  }

  @Test
  void theDefaultRegistryRejectsUnknownAlgorithmsToo() {
    assertOneErrorLine(run(ModelTrainer.REGISTRY, "eval", "--train", train.toString(), "--algo", "no-such-algo"),
        "unknown algorithm 'no-such-algo'");
  }

  @Test
  void missingFileIsOneLine() {
    assertOneErrorLine(run("eval", "--train", dir.resolve("absent.tsv").toString(), "--algo", "test-pop"),
        "--train: no such file", "absent.tsv");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--test", dir.toString(), "--algo", "test-pop"),
        "--test: not a readable file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "ten", "10,-5", ""})
  void badCutOffsAreOneLine(String k) {
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--k", k), "--k");
  }

  @Test
  void otherBadArgumentsAreOneLineEach() {
    assertOneErrorLine(run("eval", "--algo", "test-pop"), "--train");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--set", "depth"), "--set");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--format", "parquet"),
        "unknown format 'parquet'");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--test", test.toString(), "--algo", "test-pop",
        "--split", "loo"), "--split applies only without --test");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--set", "colour=red"),
        "unknown parameter(s) for test-pop: [colour]");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run("eval", "--train", train.toString(), "--algo", "test-pop", "--set", "depth=deep"),
        "parameter depth must be an integer, got 'deep'");
    err.getBuffer().setLength(0);
    assertOneErrorLine(run(), "missing command", "eval");
  }

  @Test
  void badDataIsOneLineNamingFileAndLine() throws IOException {
    Path bad = Files.writeString(dir.resolve("u.data"), "1\t2\t5\t100\n1\t2\n");
    assertOneErrorLine(run("eval", "--train", bad.toString(), "--algo", "test-pop"), bad + ":2: movielens format");
  }

  @Test
  void verbosePrintsTheStackTrace() throws IOException {
    Path bad = Files.writeString(dir.resolve("u.data"), "1\t2\tx\t100\n");
    assertThat(run("eval", "--train", bad.toString(), "--algo", "test-pop", "--verbose")).isEqualTo(1);
    assertThat(errLines().get(0)).isEqualTo("swarmrec: " + bad + ":1: value 'x' is not a number");
    assertThat(errLines().size()).isGreaterThan(1);
    assertThat(err.toString()).contains("DatasetException", "\tat ");
  }

  /** The command's wiring (format detection, threshold, given split) gives what the library API gives. */
  @Test
  void agreesWithTheLibraryOnMovieLens() throws IOException {
    Path base = DataDir.file("ml-100k/u1.base");
    Path fold = DataDir.file("ml-100k/u1.test");
    assertThat(run("eval", "--train", base.toString(), "--test", fold.toString(), "--algo", "test-pop",
        "--min-rating", "4", "--k", "10,20", "--threads", "2", "--json")).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    Split split = Splits.fromFiles(DatasetReader.of(DatasetFormat.MOVIELENS).minRating(4), base, fold);
    EvalResult direct = Evaluator.at(10, 20).evaluate(StaticRankRecommender.popularity(split.train()), split.test());
    assertThat(json.get("users_evaluated").asInt()).isEqualTo(direct.usersEvaluated());
    direct.metrics().forEach((key, value) -> assertThat(json.get("metrics").get(key).asDouble()).isEqualTo(value));
    assertThat(json.get("dataset").get("train_interactions").asLong()).isEqualTo(split.train().numInteractions());
  }

  @Test
  void helpAndVersionSucceed() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: swarmrec", "eval");
    out.getBuffer().setLength(0);
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("swarmrec ").doesNotContain("${");
    assertThat(err.toString()).isEmpty();
  }
}
