package io.swarmrec.algo.hybrid;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.QuickEval;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tuning aid (test scope): trains each component once per split, computes its lists once
 * ({@link Blend#precomputed}), then evaluates blends of them for several fusions and weight vectors.
 *
 * <pre>
 * BlendSweep gowalla val 100 "gfcf alpha=0.3" "userknn" "itemknn" -- rrf:1,0.5,0.5 borda:1,0.3,0 ...
 * </pre>
 */
public final class BlendSweep {
  private BlendSweep() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(System.getProperty("swarmrec.data.dir", "../shared/data"));
    int depth = Integer.parseInt(args[2]);
    int sep = Arrays.asList(args).indexOf("--");
    List<String> specs = Arrays.asList(args).subList(3, sep);
    List<String> blends = Arrays.asList(args).subList(sep + 1, args.length);
    for (QuickEval.Split s : QuickEval.splits(dir, args[0], args[1].equals("val"))) {
      Interactions train = QuickEval.interactions(s.train());
      int[] users = java.util.stream.IntStream.range(0, train.numUsers()).toArray();
      List<Recommender> components = new ArrayList<>();
      for (String spec : specs) {
        String[] f = spec.trim().split("\\s+");
        long t0 = System.nanoTime();
        Recommender r = Algorithms.train(f[0], train, Params.parse(Arrays.asList(f).subList(1, f.length)));
        Recommender cached = Blend.precomputed(r, users, depth);
        QuickEval.Metrics m = QuickEval.evaluate(cached, s.test(), s.minRating(), 20);
        System.out.printf(Locale.ROOT, "%s %s: recall@20 %.4f ndcg@20 %.4f (%.0fs)%n", s.name(), spec, m.recall(),
            m.ndcg(), (System.nanoTime() - t0) / 1e9);
        components.add(cached);
      }
      for (String b : blends) {
        String[] f = b.split(":");
        String[] w = f[1].split(",");
        float[] weights = new float[w.length];
        for (int i = 0; i < w.length; i++) {
          weights[i] = Float.parseFloat(w[i]);
        }
        int d = f.length > 2 ? Integer.parseInt(f[2]) : depth;
        float rrfK = f.length > 3 ? Float.parseFloat(f[3]) : 60f;
        Recommender blend = Blend.of(train, components, weights, Fusion.parse(f[0]), d, rrfK);
        QuickEval.Metrics m = QuickEval.evaluate(blend, s.test(), s.minRating(), 20);
        System.out.printf(Locale.ROOT, "%s %s: recall@20 %.4f ndcg@20 %.4f%n", s.name(), b, m.recall(), m.ndcg());
      }
    }
  }
}
