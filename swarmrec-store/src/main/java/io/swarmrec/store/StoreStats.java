package io.swarmrec.store;

/**
 * Figures for gauges. Connection figures are those of the store's pool ({@code 0} for the in-memory
 * store); {@code pendingThreads} counts threads waiting for a connection or for the single writer, plus
 * appended batches queued for the next group commit.
 * {@code appendedEvents} counts events appended through this instance since it was opened.
 */
public record StoreStats(String backend, int activeConnections, int idleConnections, int totalConnections,
    int pendingThreads, long appendedEvents) {}
