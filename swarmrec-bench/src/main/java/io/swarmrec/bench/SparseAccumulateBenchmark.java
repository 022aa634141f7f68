package io.swarmrec.bench;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One item-kNN style recommendation: a user's history of {@code history} items, each with
 * {@code neighbours} neighbours in a CSR matrix over {@code items} items, accumulated into dense scores and
 * reduced to the top 10 (see {@link NeighbourAccumulator}). Each call takes the next of 1,024 users so that
 * caches see a stream of different users, as a server does. {@code touched} visits only the candidates;
 * {@code dense} scans the catalogue. Both return the same list, which {@link #setup} checks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SparseAccumulateBenchmark {
  private static final int USERS = 1024;

  @Param({"200000"})
  int items;

  @Param({"50"})
  int neighbours;

  @Param({"20", "200"})
  int history;

  private NeighbourAccumulator kernel;
  private int[][] histories;
  private float[] weights;
  private int next;

  @Setup
  public void setup() {
    CsrMatrix sims = BenchData.neighbours(items, neighbours, 2);
    kernel = new NeighbourAccumulator(sims);
    histories = BenchData.histories(USERS, history, items, 3);
    weights = new float[history];
    Arrays.fill(weights, 1f);
    for (int[] h : histories) {
      if (!kernel.topK(h, weights, 10).equals(kernel.topKDense(h, weights, 10))) {
        throw new IllegalStateException("touched-list and dense kernels disagree");
      }
    }
  }

  @Benchmark
  public ScoredIds touched() {
    return kernel.topK(nextUser(), weights, 10);
  }

  @Benchmark
  public ScoredIds dense() {
    return kernel.topKDense(nextUser(), weights, 10);
  }

  private int[] nextUser() {
    int[] h = histories[next];
    next = (next + 1) & (USERS - 1);
    return h;
  }
}
