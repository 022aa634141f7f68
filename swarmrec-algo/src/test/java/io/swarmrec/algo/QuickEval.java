package io.swarmrec.algo;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.core.topk.ScoredIds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * A small offline harness for model work (test scope, not the project's evaluator): full-ranking
 * Recall@K and NDCG@K as LightGCN defines them. For every test user with at least one relevant test item,
 * all items are ranked, the user's training items masked; Recall = hits / |relevant|, NDCG uses binary gains
 * and an ideal DCG over {@code min(|relevant|, K)} positions; both are averaged over those users. Test items
 * unknown to the training data stay in the denominator (they cannot be hit); test users unknown to it are
 * skipped and counted.
 *
 * <p>Datasets (under {@code swarmrec.data.dir}, default {@code ../shared/data}): {@code gowalla} (the
 * LightGCN split), {@code ml-100k} (folds u1..u5, relevant = rating >= 4, figures averaged over folds),
 * {@code ml-latest-small} (per-user random 20% test, relevant = rating >= 4). Training data are binary
 * (every rating counts as one interaction). Split {@code val} carves a per-user random 20% of each training
 * set (seed 42) and evaluates on it, leaving the test data unseen: tune on {@code val}, report {@code test}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CLASSPATH io.swarmrec.algo.QuickEval \
 *     gowalla val als factors=128 alpha=10 + svd factors=256
 * </pre>
 */
public final class QuickEval {
  static final int K = 20;
  static final long SEED = 42;

  /** Raw (user, item, rating) triples with the datasets' integer ids. */
  public record Triples(int[] users, int[] items, float[] ratings, int size) {
    static Triples of(IntFloatList u, IntFloatList i) {
      return new Triples(u.ints(), i.ints(), i.floats(), u.size);
    }
  }

  /** Training and test triples; test items are relevant when rated at least {@code minRating}. */
  public record Split(String name, Triples train, Triples test, float minRating) {}

  /** Mean Recall@K and NDCG@K over the evaluated users. */
  public record Metrics(double recall, double ndcg, int users, int skippedUsers) {}

  private QuickEval() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: QuickEval <gowalla|ml-100k|ml-latest-small> <val|test> <algo> [k=v ...] [+ <algo> [k=v ...]]...");
      System.exit(2);
    }
    Path dir = Path.of(System.getProperty("swarmrec.data.dir", "../shared/data"));
    List<Split> splits = splits(dir, args[0], args[1].equals("val"));
    List<List<String>> runs = new ArrayList<>();
    for (String a : Arrays.copyOfRange(args, 2, args.length)) {
      if (a.equals("+") || runs.isEmpty()) {
        runs.add(new ArrayList<>());
      }
      if (!a.equals("+")) {
        runs.get(runs.size() - 1).add(a);
      }
    }
    for (List<String> run : runs) {
      report(args[0] + "/" + args[1], splits, run.get(0), run.subList(1, run.size()));
    }
  }

  private static void report(String label, List<Split> splits, String algo, List<String> params) {
    double recall = 0;
    double ndcg = 0;
    double trainSeconds = 0;
    double evalSeconds = 0;
    Params resolved = null;
    for (Split s : splits) {
      Interactions train = interactions(s.train());
      resolved = Params.parse(params);
      long t0 = System.nanoTime();
      Recommender r = Algorithms.train(algo, train, resolved);
      long t1 = System.nanoTime();
      Metrics m = evaluate(r, s.test(), s.minRating(), K);
      long t2 = System.nanoTime();
      System.out.printf(Locale.ROOT, "  %-10s recall@%d %.4f  ndcg@%d %.4f  users %d (skipped %d)  train %.1fs  eval %.1fs%n",
          s.name(), K, m.recall(), K, m.ndcg(), m.users(), m.skippedUsers(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
      recall += m.recall();
      ndcg += m.ndcg();
      trainSeconds += (t1 - t0) / 1e9;
      evalSeconds += (t2 - t1) / 1e9;
    }
    int n = splits.size();
    System.out.printf(Locale.ROOT, "%s %s %s: recall@%d %.4f ndcg@%d %.4f train %.1fs eval %.1fs (mean of %d)%n",
        label, algo, resolved.resolved(), K, recall / n, K, ndcg / n, trainSeconds / n, evalSeconds / n, n);
  }

  /** Full-ranking metrics of {@code r} on {@code test}; see the class comment. */
  public static Metrics evaluate(Recommender r, Triples test, float minRating, int k) {
    Interactions train = r.data();
    int nu = train.numUsers();
    int[][] relevant = new int[nu][];
    int[] counts = new int[nu];
    int[] dense = new int[test.size()];
    java.util.Set<Integer> unknownUsers = new java.util.HashSet<>();
    for (int p = 0; p < test.size(); p++) {
      dense[p] = test.ratings()[p] >= minRating ? train.users().get(Integer.toString(test.users()[p])) : -2;
      if (dense[p] >= 0) {
        counts[dense[p]]++;
      } else if (dense[p] == -1) {
        unknownUsers.add(test.users()[p]);
      }
    }
    for (int u = 0; u < nu; u++) {
      relevant[u] = new int[counts[u]];
      counts[u] = 0;
    }
    for (int p = 0; p < test.size(); p++) {
      if (dense[p] >= 0) {
        relevant[dense[p]][counts[dense[p]]++] = train.items().get(Integer.toString(test.items()[p]));
      }
    }
    int[] users = java.util.stream.IntStream.range(0, nu).filter(u -> relevant[u].length > 0).toArray();
    ScoredIds[] recs = r.recommendAll(users, k, RecOptions.DEFAULT);
    double recall = 0;
    double ndcg = 0;
    for (int i = 0; i < users.length; i++) {
      int[] rel = relevant[users[i]];
      Arrays.sort(rel);
      double dcg = 0;
      int hits = 0;
      for (int rank = 0; rank < recs[i].size(); rank++) {
        if (Arrays.binarySearch(rel, recs[i].id(rank)) >= 0) {
          hits++;
          dcg += 1 / log2(rank + 2);
        }
      }
      double idcg = 0;
      for (int rank = 0; rank < Math.min(rel.length, k); rank++) {
        idcg += 1 / log2(rank + 2);
      }
      recall += (double) hits / rel.length;
      ndcg += dcg / idcg;
    }
    return new Metrics(recall / users.length, ndcg / users.length, users.length, unknownUsers.size());
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** Binary interactions from triples; string keys are the decimal raw ids. */
  public static Interactions interactions(Triples t) {
    InteractionsBuilder b = new InteractionsBuilder().keepTimes(false);
    for (int p = 0; p < t.size(); p++) {
      b.add(Integer.toString(t.users()[p]), Integer.toString(t.items()[p]), 1f, Long.MIN_VALUE);
    }
    return b.build();
  }

  public static List<Split> splits(Path dir, String dataset, boolean validation) throws IOException {
    List<Split> base = switch (dataset) {
      case "gowalla" -> List.of(new Split("gowalla",
          readLightGcn(dir.resolve("gowalla/train.reconstructed.txt.gz")),
          readLightGcn(dir.resolve("gowalla/test.txt")), 0f));
      case "ml-100k" -> {
        List<Split> folds = new ArrayList<>();
        for (int f = 1; f <= 5; f++) {
          folds.add(new Split("u" + f, readMovieLens(dir.resolve("ml-100k/u" + f + ".base"), "\t", false),
              readMovieLens(dir.resolve("ml-100k/u" + f + ".test"), "\t", false), 4f));
        }
        yield folds;
      }
      case "ml-latest-small" -> List.of(carve("ml-latest-small",
          readMovieLens(dir.resolve("ml-latest-small/ratings.csv"), ",", true), 4f));
      default -> throw new IllegalArgumentException("unknown dataset " + dataset);
    };
    if (!validation) {
      return base;
    }
    List<Split> val = new ArrayList<>();
    for (Split s : base) {
      val.add(carve(s.name() + "-val", s.train(), s.minRating()));
    }
    return val;
  }

  /** Holds out a per-user random 20% (rounded; seed 42, users in ascending id order) as the test part. */
  public static Split carve(String name, Triples all, float minRating) {
    Integer[] order = new Integer[all.size()];
    for (int p = 0; p < order.length; p++) {
      order[p] = p;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(all.users()[a], all.users()[b])); // stable: keeps file order
    Random rnd = new Random(SEED);
    IntFloatList tu = new IntFloatList();
    IntFloatList ti = new IntFloatList();
    IntFloatList vu = new IntFloatList();
    IntFloatList vi = new IntFloatList();
    for (int s = 0; s < order.length; ) {
      int e = s;
      while (e < order.length && all.users()[order[e]] == all.users()[order[s]]) {
        e++;
      }
      int n = e - s;
      int held = (int) Math.round(0.2 * n);
      for (int i = 0; i < held; i++) { // partial Fisher-Yates: the first `held` become a random sample
        int j = i + rnd.nextInt(n - i);
        Integer tmp = order[s + i];
        order[s + i] = order[s + j];
        order[s + j] = tmp;
      }
      for (int i = s; i < e; i++) {
        int p = order[i];
        (i - s < held ? vu : tu).add(all.users()[p], 0f);
        (i - s < held ? vi : ti).add(all.items()[p], all.ratings()[p]);
      }
      s = e;
    }
    return new Split(name, Triples.of(tu, ti), Triples.of(vu, vi), minRating);
  }

  static Triples readLightGcn(Path file) throws IOException {
    IntFloatList u = new IntFloatList();
    IntFloatList i = new IntFloatList();
    try (BufferedReader r = reader(file)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.trim().split("\\s+");
        for (int c = 1; c < f.length && !f[0].isEmpty(); c++) {
          u.add(Integer.parseInt(f[0]), 0f);
          i.add(Integer.parseInt(f[c]), 1f);
        }
      }
    }
    return Triples.of(u, i);
  }

  static Triples readMovieLens(Path file, String separator, boolean header) throws IOException {
    IntFloatList u = new IntFloatList();
    IntFloatList i = new IntFloatList();
    try (BufferedReader r = reader(file)) {
      if (header) {
        r.readLine();
      }
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(separator);
        u.add(Integer.parseInt(f[0].trim()), 0f);
        i.add(Integer.parseInt(f[1].trim()), Float.parseFloat(f[2].trim()));
      }
    }
    return Triples.of(u, i);
  }

  private static BufferedReader reader(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** A growable list of (int, float) pairs. */
  static final class IntFloatList {
    private int[] ints = new int[1024];
    private float[] floats = new float[1024];
    private int size;

    void add(int i, float f) {
      if (size == ints.length) {
        ints = Arrays.copyOf(ints, size * 2);
        floats = Arrays.copyOf(floats, size * 2);
      }
      ints[size] = i;
      floats[size++] = f;
    }

    int[] ints() {
      return Arrays.copyOf(ints, size);
    }

    float[] floats() {
      return Arrays.copyOf(floats, size);
    }
  }
}
