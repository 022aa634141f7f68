package io.swarmrec.bench;

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
 * Dense float dot product, the inner loop of factor-model scoring (ALS, SVD) and of exact vector search:
 * the scalar baseline a SIMD provider must beat. {@code scalar} is the plain loop: one dependent chain of
 * adds, which the JIT must keep in order because float addition is not associative, so it is bound by
 * the add latency. {@code unrolled4} keeps four independent partial sums, the most a scalar loop can do
 * without changing the API, and rounds slightly differently for that reason.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DotBenchmark {
  @Param({"64"})
  int dim;

  private float[] a;
  private float[] b;

  @Setup
  public void setup() {
    a = BenchData.vector(dim, 4);
    b = BenchData.vector(dim, 5);
  }

  @Benchmark
  public float scalar() {
    return dot(a, b);
  }

  @Benchmark
  public float unrolled4() {
    return dotUnrolled4(a, b);
  }

  static float dot(float[] x, float[] y) {
    float s = 0f;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  static float dotUnrolled4(float[] x, float[] y) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    int i = 0;
    for (int end = x.length & ~3; i < end; i += 4) {
      s0 += x[i] * y[i];
      s1 += x[i + 1] * y[i + 1];
      s2 += x[i + 2] * y[i + 2];
      s3 += x[i + 3] * y[i + 3];
    }
    for (; i < x.length; i++) {
      s0 += x[i] * y[i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
