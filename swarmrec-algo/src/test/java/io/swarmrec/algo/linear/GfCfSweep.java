package io.swarmrec.algo.linear;

import io.swarmrec.algo.QuickEval;
import io.swarmrec.algo.svd.RandomizedSvd;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.vector.DenseMatrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tuning aid (test scope): decomposes each split's graph once, at the largest rank asked for, and evaluates
 * several GF-CF / sharpening settings on it, the leading columns of the decomposition serving the smaller
 * ranks. Saves one SVD per setting on a machine where that is the expensive part.
 *
 * <pre>
 * GfCfSweep gowalla val 448 factors,alpha,sharpen,steps ...   e.g. 256,0.3,0,1 448,0.2,1.5,1
 * </pre>
 */
public final class GfCfSweep {
  private GfCfSweep() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(System.getProperty("swarmrec.data.dir", "../shared/data"));
    int maxRank = Integer.parseInt(args[2]);
    for (QuickEval.Split s : QuickEval.splits(dir, args[0], args[1].equals("val"))) {
      Interactions train = QuickEval.interactions(s.train());
      long t0 = System.nanoTime();
      NormalizedGraph graph = NormalizedGraph.of(train);
      RandomizedSvd.Result svd = new RandomizedSvd(maxRank).oversample(64).powerIterations(4).decompose(graph.matrix());
      System.out.printf(Locale.ROOT, "%s: svd rank %d in %.1fs%n", s.name(), maxRank, (System.nanoTime() - t0) / 1e9);
      for (int a = 3; a < args.length; a++) {
        String[] f = args[a].split(",");
        int k = Integer.parseInt(f[0]);
        long t1 = System.nanoTime();
        var rec = GfCf.recommender("sweep", train, graph, truncate(svd, k), Float.parseFloat(f[1]), Float.parseFloat(f[2]),
            Integer.parseInt(f[3]));
        QuickEval.Metrics m = QuickEval.evaluate(rec, s.test(), s.minRating(), 20);
        System.out.printf(Locale.ROOT, "%s k=%d alpha=%s sharpen=%s steps=%s: recall@20 %.4f ndcg@20 %.4f (%.0fs)%n",
            s.name(), k, f[1], f[2], f[3], m.recall(), m.ndcg(), (System.nanoTime() - t1) / 1e9);
      }
    }
  }

  private static RandomizedSvd.Result truncate(RandomizedSvd.Result r, int k) {
    int full = r.v().cols();
    DenseMatrix v = DenseMatrix.zeros(r.v().rows(), k);
    for (int i = 0; i < v.rows(); i++) {
      System.arraycopy(r.v().data(), i * full, v.data(), i * k, k);
    }
    return new RandomizedSvd.Result(null, java.util.Arrays.copyOf(r.s(), k), v);
  }
}
