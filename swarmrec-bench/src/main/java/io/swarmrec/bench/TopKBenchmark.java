package io.swarmrec.bench;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
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
 * Top-k selection over a stream of n scores: core's bounded heap ({@link TopK}, O(n log k), most offers
 * rejected by one comparison) against sorting everything (O(n log n)) and taking the head, the baseline
 * a naive implementation would use. Both give the same ranking (higher score first, then smaller id),
 * which {@link #setup} checks before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TopKBenchmark {
  @Param({"100000"})
  int n;

  @Param({"10", "100"})
  int k;

  private float[] scores;
  private TopK heap;
  private long[] keys;

  @Setup
  public void setup() {
    scores = BenchData.scores(n, 1);
    heap = new TopK(k);
    keys = new long[n];
    if (!Arrays.equals(heap().ids(), fullSort())) {
      throw new IllegalStateException("heap and full sort disagree");
    }
  }

  @Benchmark
  public ScoredIds heap() {
    heap.reset(k);
    for (int i = 0; i < n; i++) {
      heap.offer(i, scores[i]);
    }
    return heap.drain();
  }

  @Benchmark
  public int[] fullSort() {
    for (int i = 0; i < n; i++) {
      keys[i] = rankKey(i, scores[i]);
    }
    Arrays.sort(keys);
    int[] ids = new int[Math.min(k, n)];
    for (int r = 0; r < ids.length; r++) {
      ids[r] = (int) keys[r];
    }
    return ids;
  }

  /**
   * A long whose ascending order is the ranking: the score's bits mapped to an order-preserving int and
   * complemented (higher scores first) in the high half, the id (smaller first on ties) in the low half.
   * Scores order as {@link Float#compare} does (-0 below +0). Sorting primitive longs keeps the baseline
   * free of boxing and comparators.
   */
  static long rankKey(int id, float score) {
    int bits = Float.floatToIntBits(score);
    int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
    return ((long) ~ordered << 32) | (id & 0xffffffffL);
  }
}
