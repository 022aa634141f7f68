package io.swarmrec.load;

/**
 * One run's fixed facts in absolute {@link System#nanoTime} terms, shared read-only by every event loop:
 * when it starts, when recording begins and ends, when the last answers are given up on, and the
 * open-loop schedule (null in closed loop).
 */
final class Plan {
  final LoadSpec spec;
  final Schedule schedule;
  final long start;
  final long measureFrom;
  final long end;
  final long giveUp;
  final long timeout;
  final long lateAfter;

  Plan(LoadSpec spec, long start) {
    this.spec = spec;
    this.start = start;
    long warmup = spec.warmup().toNanos();
    long length = warmup + spec.duration().toNanos();
    this.measureFrom = start + warmup;
    this.end = start + length;
    this.timeout = spec.timeout().toNanos();
    this.giveUp = end + timeout;
    this.lateAfter = spec.lateAfter().toNanos();
    this.schedule = spec.closedLoop() ? null : new Schedule(spec.rate(), spec.rampUp().toNanos(), warmup, length);
  }

  /** In closed loop, when connection c of K starts sending: the ramp starts connections evenly. */
  long closedLoopStart(int c) {
    return start + (long) ((double) spec.rampUp().toNanos() * c / spec.connections());
  }

  boolean inWindow(long t) {
    return t >= measureFrom && t < end;
  }
}
