package io.swarmrec.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the highest open-loop rate a service sustains within a latency objective: the rate doubles from
 * {@code startRate} until a step fails, then the interval between the last pass and the first failure is
 * bisected until it is narrower than {@code precision} (relative). A step passes when it had no errors
 * and its overall P99 is at most {@code p99Limit}. Latency runs from the intended send time, so a
 * generator that falls behind can only make a step fail, never pass; when the failing step above the
 * maximum found had the generator behind schedule, the result says so, because the ceiling may then be
 * the generator's (or the machine's) rather than the service's.
 *
 * <p>Each step is a full run (warm-up and duration of the base spec), so a search costs roughly
 * log2(max / start) + log2(1 / precision) runs.
 *
 * <p>On a machine shared with other work, a single stall of a few tens of milliseconds (another process
 * taking the core, a collection) lifts a short step's P99 over the objective at any rate, and one such
 * failure early in the doubling phase ends the search far below the service's capacity. With
 * {@code attempts > 1} a failing rate is run again, up to that many times in all, and passes if any
 * attempt passes: interference from outside only ever adds latency, so the best attempt is the closer
 * estimate of what the service sustains. Every attempt is kept in {@link Result#steps}; a report should
 * say how many attempts were allowed.
 *
 * @param p99Limit the latency objective on the overall P99
 * @param startRate first rate tried
 * @param maxRate never try above this
 * @param precision stop bisecting when (fail - pass) / pass is below this
 * @param attempts runs of a rate before it counts as failed (1 = no retry)
 */
public record MaxRateSearch(Duration p99Limit, double startRate, double maxRate, double precision, int attempts) {
  /** A search with one attempt per rate. */
  public MaxRateSearch(Duration p99Limit, double startRate, double maxRate, double precision) {
    this(p99Limit, startRate, maxRate, precision, 1);
  }

  public MaxRateSearch {
    if (p99Limit == null || !p99Limit.isPositive()) {
      throw new IllegalArgumentException("p99Limit must be a positive duration, got " + p99Limit);
    }
    if (!(startRate > 0) || !(maxRate >= startRate) || Double.isInfinite(maxRate)) {
      throw new IllegalArgumentException("need 0 < startRate <= maxRate (finite), got " + startRate + " and " + maxRate);
    }
    if (!(precision > 0 && precision < 1)) {
      throw new IllegalArgumentException("precision must be between 0 and 1 (exclusive), got " + precision);
    }
    if (attempts < 1 || attempts > 10) {
      throw new IllegalArgumentException("attempts must be between 1 and 10, got " + attempts);
    }
  }

  /** One tried rate and why it passed or failed. */
  public record Step(double rate, boolean passed, String verdict, LoadReport report) {
  }

  /**
   * The outcome.
   *
   * @param maxRate highest rate that passed; 0 when even the start rate failed
   * @param best the report at that rate (null when none passed)
   * @param generatorLimited true when the generator was behind schedule in the failing step just above
   *     maxRate
   */
  public record Result(double maxRate, LoadReport best, List<Step> steps, boolean generatorLimited) {
    public Result {
      steps = List.copyOf(steps);
    }
  }

  /** Runs one load step (the load generator, or a model of a service in tests). */
  interface Runner {
    LoadReport run(LoadSpec spec) throws InterruptedException;
  }

  /** Searches with the base spec's settings at varying rates; progress gets each step as it finishes. */
  public Result find(LoadSpec base, Consumer<Step> progress) throws InterruptedException {
    return find(base, LoadGenerator::run, progress);
  }

  Result find(LoadSpec base, Runner runner, Consumer<Step> progress) throws InterruptedException {
    if (base.closedLoop()) {
      throw new IllegalArgumentException("the max-rate search needs an open-loop spec");
    }
    List<Step> steps = new ArrayList<>();
    Step pass = null;
    Step fail = null;
    double rate = startRate;
    while (fail == null) {
      Step s = step(base, rate, runner, progress, steps);
      if (s.passed) {
        pass = s;
        if (rate >= maxRate) {
          break;
        }
        rate = Math.min(maxRate, rate * 2);
      } else {
        fail = s;
      }
    }
    while (pass != null && fail != null && (fail.rate - pass.rate) / pass.rate > precision) {
      Step s = step(base, Math.rint((pass.rate + fail.rate) / 2), runner, progress, steps);
      if (s.passed) {
        pass = s;
      } else {
        fail = s;
      }
    }
    boolean generatorLimited = fail != null && !fail.report.sending().keptUp();
    return new Result(pass == null ? 0 : pass.rate, pass == null ? null : pass.report, steps, generatorLimited);
  }

  /** Runs the rate up to {@code attempts} times, stopping at the first pass; returns the last attempt. */
  private Step step(LoadSpec base, double rate, Runner runner, Consumer<Step> progress, List<Step> steps)
      throws InterruptedException {
    Step s = attempt(base, rate, runner, progress, steps);
    for (int i = 1; i < attempts && !s.passed; i++) {
      s = attempt(base, rate, runner, progress, steps);
    }
    return s;
  }

  private Step attempt(LoadSpec base, double rate, Runner runner, Consumer<Step> progress, List<Step> steps)
      throws InterruptedException {
    LoadReport r = runner.run(base.withRate(rate));
    String why = verdict(r);
    String generator = r.sending().keptUp() ? "" : " (generator behind: " + r.sending().late() + " of "
        + r.sending().planned() + " sent late)";
    Step s = new Step(rate, why == null, (why == null ? "ok" : why) + generator, r);
    steps.add(s);
    progress.accept(s);
    return s;
  }

  /** Null when the run met the objective, else why not. */
  String verdict(LoadReport r) {
    if (r.overall().errorCount() > 0) {
      return r.overall().errorCount() + " errors " + r.overall().errors();
    }
    double p99 = r.overall().latency().p99();
    if (p99 > p99Limit.toNanos() / 1e6) {
      return "p99 above " + Format.duration(p99Limit);
    }
    return null;
  }
}
