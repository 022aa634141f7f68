package io.swarmrec.bench;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import java.util.List;
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
 * One EASE training (Gram matrix, dense inverse, weights) at a catalogue size, by LAPACK from OpenBLAS
 * ({@code solver=native}) or by the pure-Java blocked Cholesky ({@code solver=java}): single shots, since
 * one shot at 20k items takes tens of seconds. The data are {@code 3 x items} users with 30 distinct items
 * each, drawn with a skew toward low ids (popular items), so the Gram matrix is dense where it matters.
 * Run one size per JVM under {@code /usr/bin/time -v} for the peak RSS, e.g.
 * {@code java -Xmx6g -jar swarmrec-bench/target/benchmarks.jar EaseTrainBenchmark -p items=20000 -p solver=native}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class EaseTrainBenchmark {
  @Param({"5000"})
  int items;

  @Param({"native", "java"})
  String solver;

  private Interactions data;

  @Setup
  public void setup() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    InteractionsBuilder b = new InteractionsBuilder().keepTimes(false);
    for (int j = 0; j < items; j++) {
      b.items().getOrAdd("i" + j);
    }
    int users = 3 * items;
    for (int u = 0; u < users; u++) {
      b.users().getOrAdd("u" + u);
    }
    for (int u = 0; u < users; u++) {
      java.util.BitSet seen = new java.util.BitSet(items);
      for (int k = 0; k < 30; ) {
        int j = (int) (items * Math.pow(rnd.nextDouble(), 1.5));
        if (!seen.get(j)) {
          seen.set(j);
          b.add(u, j, 1f, Long.MIN_VALUE);
          k++;
        }
      }
    }
    data = b.build();
  }

  @Benchmark
  public Recommender train() {
    return Algorithms.train("ease", data, Params.parse(List.of("solver=" + solver)));
  }
}
