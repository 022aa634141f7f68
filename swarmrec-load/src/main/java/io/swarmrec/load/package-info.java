/**
 * The swarmrec load generator: a pure HTTP/1.1 client (Netty) that loads a running service open-loop at a
 * fixed, optionally ramped, rate with latency measured from each request's intended send time, or
 * closed-loop over N connections; Zipf-distributed agents; a mix of single recommendations, batches and
 * event ingest; HdrHistogram percentiles per endpoint; the service's cache, degradation and shedding
 * counters over the run; and a search for the highest rate within a P99 objective.
 *
 * <p>Entry points: {@link io.swarmrec.load.LoadSpec} (what to run, validated),
 * {@link io.swarmrec.load.LoadGenerator#run} (run it), {@link io.swarmrec.load.LoadReport}
 * (table or JSON), {@link io.swarmrec.load.MaxRateSearch}, {@link io.swarmrec.load.LoadMain}
 * (command line) and {@link io.swarmrec.load.FixedResponseServer} (the do-nothing ceiling).
 */
package io.swarmrec.load;
