package io.swarmrec.server.engine;

/**
 * A recommendation answer with external item ids.
 *
 * @param algo the algorithm that produced it ("pop" for unknown users and fallbacks)
 * @param degraded true when the requested algorithm failed or ran out of time and popularity answered instead
 * @param source where it came from: l1, l2, computed or fallback
 */
public record RecResult(String user, String algo, boolean degraded, String source, long modelVersion, String[] items,
    float[] scores) {}
