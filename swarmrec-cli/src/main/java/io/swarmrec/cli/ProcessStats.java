package io.swarmrec.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Figures of this process that benchmarks report next to their timings: resident memory from
 * {@code /proc/self/status} (Linux; -1 elsewhere), heap in use after a full collection, CPU time, and the
 * machine's load average (to say how shared the machine was).
 */
final class ProcessStats {
  private ProcessStats() {
  }

  /** The processor's model name from /proc/cpuinfo, or the architecture where there is none. */
  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  /** A figure of /proc/self/status in kB (VmRSS, VmHWM), or -1 where there is none. */
  static long procStatus(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Resident set size in MB, or -1. */
  static long rssMb() {
    long kb = procStatus("VmRSS");
    return kb < 0 ? -1 : kb >> 10;
  }

  /**
   * Resident set size in MB once it stops falling, or -1: G1 returns the heap a collection freed to the OS
   * in the background after the collection, so right after {@link #heapUsedAfterGc()} the RSS still shows
   * pages that are about to go. Reads every 250 ms until a reading is within 1 % of the one before, for at
   * most 15 s.
   */
  static long settledRssMb() {
    long previous = rssMb();
    for (int n = 0; n < 60 && previous > 0; n++) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long now = rssMb();
      if (Math.abs(now - previous) <= previous / 100) {
        return now;
      }
      previous = now;
    }
    return previous;
  }

  /** Peak resident set size (high-water mark) in MB, or -1. */
  static long peakRssMb() {
    long kb = procStatus("VmHWM");
    return kb < 0 ? -1 : kb >> 10;
  }

  /**
   * Heap bytes in use right after {@code System.gc()} (the live set, give or take what the collector kept).
   * The native heap is trimmed too ({@link #trimNativeHeap}), so an RSS read next shows the settled process.
   */
  static long heapUsedAfterGc() {
    System.gc();
    trimNativeHeap();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * Returns the C heap's free memory to the OS ({@code malloc_trim}, the {@code System.trim_native_heap}
   * diagnostic command): what the launcher's {@code -XX:TrimNativeHeapInterval} does every few seconds in
   * any swarmrec process. SQLite's page caches and index-build sorter allocate there; glibc keeps what they
   * free, hundreds of MB after a large import, until trimmed. False where the command is not available.
   */
  static boolean trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
      return true;
    } catch (JMException | RuntimeException e) {
      return false;
    }
  }

  /** Heap the JVM has committed (reserved from the OS), in MB: most of the RSS beyond the live set. */
  static long heapCommittedMb() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
  }

  /** CPU time of the whole process (all threads) in nanoseconds, or -1 when the JVM cannot tell. */
  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** The 1-minute load average, or -1. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Measures CPU use between marks: process CPU time over wall time, as a share of all cores (0..100). */
  static final class CpuMeter {
    private final int cores = Runtime.getRuntime().availableProcessors();
    private long cpu0 = cpuNanos();
    private long wall0 = System.nanoTime();

    /** Percent of the machine's cores used since the last mark (NaN when unknown); starts a new interval. */
    double mark() {
      long cpu = cpuNanos();
      long wall = System.nanoTime();
      double pct = cpu < 0 || cpu0 < 0 || wall == wall0 ? Double.NaN
          : 100.0 * (cpu - cpu0) / ((double) (wall - wall0) * cores);
      cpu0 = cpu;
      wall0 = wall;
      return pct;
    }
  }
}
