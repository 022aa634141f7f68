package io.swarmrec.bench;

import io.swarmrec.algo.Algorithms;
import io.swarmrec.algo.Params;
import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Map;
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
 * One computed item-kNN recommendation through the production path: {@code Recommender.recommend} of a model
 * trained by {@code Algorithms.train("itemknn")} (history load, neighbour accumulation into the block
 * accumulator, seen-item filter, SIMD top-k scan, scratch pool), top-10 for the next of the model's users
 * in turn, so that caches see a stream of different users as a server does. {@code history} is each
 * user's number of items; {@code items} the catalogue.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ItemKnnServingBenchmark {
  @Param({"200000"})
  int items;

  @Param({"20", "200"})
  int history;

  @Param({"10000"})
  int users;

  private Recommender model;
  private int next;

  @Setup
  public void setup() {
    Interactions data = BenchData.interactions(users, history, items, 5);
    model = Algorithms.train("itemknn", data, new Params(Map.of("neighbors", "50")));
  }

  @Benchmark
  public ScoredIds recommend() {
    int u = next;
    next = next + 1 == users ? 0 : next + 1;
    return model.recommend(u, 10, RecOptions.DEFAULT);
  }
}
