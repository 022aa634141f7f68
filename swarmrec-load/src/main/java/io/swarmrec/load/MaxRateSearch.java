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
 * <p>Latency is not monotonic in the rate on a busy machine, because of the generator itself: at middling
 * rates its event loop sleeps between sends and relies on millisecond timers, whose wake-ups come late when
 * other processes hold the cores, while at high rates answers keep the loop awake and requests leave on time.
 * A faster server makes this worse (its answers leave the loop idle sooner), so a bare fixed-body server
 * could fail at a rate the real service passes. So in the doubling phase a rate whose attempts all failed
 * with the generator behind schedule does not end the doubling: it says nothing about the server, and the
 * next rate is tried (at most twice in a row, so a generator that cannot keep up at all does not run the
 * search up to {@code maxRate}). Only a failure with the generator on schedule (or at {@code maxRate}) starts the
 * bisection, whose failures all count. The steps keep every attempt, so a report can show them.
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
 * <p>With {@code confirm}, the maximum found is run once more before the search ends, and must pass again:
 * a pass can be luck as much as a failure can be a stall (3-second windows at one rate were seen to give a
 * P99 of 12 ms and of 765 ms), so the reported maximum has passed twice. When the confirmation fails, that
 * rate counts as failed and the bracket below it is searched (and its new maximum confirmed) in turn.
 *
 * @param attempts runs of a rate before it counts as failed (1 = no retry)
 * @param confirm run the maximum once more before reporting it, and go lower when it fails
 */
public record MaxRateSearch(Duration p99Limit, double startRate, double maxRate, double precision, int attempts,
    boolean confirm) {
  /** A search with one attempt per rate. */
  public MaxRateSearch(Duration p99Limit, double startRate, double maxRate, double precision) {
    this(p99Limit, startRate, maxRate, precision, 1, false);
  }

  /** A search without confirmation of its maximum. */
  public MaxRateSearch(Duration p99Limit, double startRate, double maxRate, double precision, int attempts) {
    this(p99Limit, startRate, maxRate, precision, attempts, false);
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
  public interface Runner {
    LoadReport run(LoadSpec spec) throws InterruptedException;
  }

  /**
   * One search of an {@linkplain #interleaved interleaved} run: its objective and step logic, the base spec
   * (an open-loop spec whose rate is varied) and who hears of each attempt.
   */
  public record Task(MaxRateSearch search, LoadSpec base, Consumer<Step> progress) {
    public Task {
      if (search == null || base == null || progress == null) {
        throw new IllegalArgumentException("a task needs a search, a base spec and a progress consumer");
      }
      if (base.closedLoop()) {
        throw new IllegalArgumentException("the max-rate search needs an open-loop spec");
      }
    }
  }

  /** Searches with the base spec's settings at varying rates; progress gets each step as it finishes. */
  public Result find(LoadSpec base, Consumer<Step> progress) throws InterruptedException {
    return find(base, LoadGenerator::run, progress);
  }

  /** As {@link #find(LoadSpec, Consumer)}, each step run by {@code runner}. */
  public Result find(LoadSpec base, Runner runner, Consumer<Step> progress) throws InterruptedException {
    return interleaved(List.of(new Task(this, base, progress)), runner).get(0);
  }

  /**
   * Runs several searches at once, taking turns one attempt each (round robin, a finished search drops out),
   * and returns their results in the order given.
   *
   * <p>Why take turns. Comparing two servers by searching one after the other on a machine whose other load
   * comes and goes compares two different machines: the first search may get a quiet minute and the second a
   * busy one, and a bare server can then come out "slower" than the service it is meant to bound. Taking
   * turns step by step spreads every phase of outside load evenly over both searches, and the JVM's state
   * (heap occupancy, compiled code, caches) is the same for both as well. Each search still follows exactly
   * its own rates, so alone it behaves as {@link #find(LoadSpec, Consumer)}.
   */
  public static List<Result> interleaved(List<Task> tasks, Runner runner) throws InterruptedException {
    List<Cursor> cursors = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      cursors.add(new Cursor(t));
    }
    boolean any = true;
    while (any) {
      any = false;
      for (Cursor c : cursors) {
        if (!c.done) {
          any = true;
          LoadReport r = runner.run(c.task.base().withRate(c.rate));
          c.record(c.task.search().judge(c.rate, r));
        }
      }
    }
    List<Result> out = new ArrayList<>(cursors.size());
    for (Cursor c : cursors) {
      out.add(c.result());
    }
    return out;
  }

  /** The verdict on one attempt at {@code rate}. */
  private Step judge(double rate, LoadReport r) {
    String why = verdict(r);
    String generator = r.sending().keptUp() ? "" : " (generator behind: " + r.sending().late() + " of "
        + r.sending().planned() + " sent late)";
    return new Step(rate, why == null, (why == null ? "ok" : why) + generator, r);
  }

  /**
   * Where one search stands: the rate to try next, the last pass and the first failure so far. The rate
   * doubles from the start rate while steps pass; after the first failure (every attempt at a rate failed)
   * the bracket between the last pass and that failure is bisected down to the precision.
   */
  private static final class Cursor {
    /** Generator-limited failures in a row the doubling goes past (each doubles the rate). */
    private static final int MAX_SKIPPED = 2;

    final Task task;
    final MaxRateSearch s;
    final List<Step> steps = new ArrayList<>();
    Step pass;
    Step fail;
    double rate;
    int failedAttempts;
    int skipped;
    boolean bisecting;
    boolean confirming;
    boolean done;
    final List<Step> passes = new ArrayList<>();

    Cursor(Task task) {
      this.task = task;
      this.s = task.search();
      this.rate = s.startRate;
    }

    void record(Step a) {
      steps.add(a);
      task.progress().accept(a);
      if (confirming) {
        confirming = false;
        if (a.passed) {
          done = true; // the maximum passed twice
          return;
        }
        // not reproduced: this rate fails, the best pass below it (if any) becomes the bracket's floor
        passes.remove(pass);
        fail = a;
        pass = null;
        for (Step p : passes) {
          if (p.rate < a.rate && (pass == null || p.rate > pass.rate)) {
            pass = p;
          }
        }
        bisecting = true;
        next();
        return;
      }
      if (!a.passed && ++failedAttempts < s.attempts) {
        return; // the same rate again
      }
      failedAttempts = 0;
      if (a.passed) {
        pass = a;
        passes.add(a);
        skipped = 0;
      } else {
        fail = a;
      }
      if (!bisecting) {
        if (a.passed) {
          if (rate >= s.maxRate) {
            finish();
          } else {
            rate = Math.min(s.maxRate, rate * 2);
          }
          return;
        }
        if (!a.report.sending().keptUp() && rate < s.maxRate && skipped < MAX_SKIPPED) {
          // the generator, not the server, missed the schedule: not a bound on the server, keep doubling
          skipped++;
          fail = null;
          rate = Math.min(s.maxRate, rate * 2);
          return;
        }
        bisecting = true;
      }
      next();
    }

    /** Bisects while the bracket is wider than the precision, else finishes. */
    private void next() {
      if (pass != null && fail != null && (fail.rate - pass.rate) / pass.rate > s.precision) {
        rate = Math.rint((pass.rate + fail.rate) / 2);
      } else {
        finish();
      }
    }

    /** Ends the search, or first runs the maximum again when the search confirms it. */
    private void finish() {
      if (s.confirm && pass != null) {
        confirming = true;
        rate = pass.rate;
      } else {
        done = true;
      }
    }

    Result result() {
      boolean generatorLimited = fail != null && !fail.report.sending().keptUp();
      return new Result(pass == null ? 0 : pass.rate, pass == null ? null : pass.report, steps, generatorLimited);
    }
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
