/**
 * The swarmrec load generator: a pure HTTP/1.1 client (Netty) that loads a running service open-loop at a
 * fixed, optionally ramped, rate with latency measured from each request's intended send time, or
 * closed-loop over N connections; Zipf-distributed agents; a mix of single recommendations, batches and
 * event ingest; requests that bypass the service's cache (a fresh scene each) to measure computed answers;
 * HdrHistogram percentiles per endpoint; the service's cache, answer-source, degradation, shedding and
 * error counters over the run; and a search for the highest rate within a P99 objective.
 *
 * <p>It knows the service only through its HTTP API and {@code /metrics} (the architecture test forbids
 * any dependency on swarmrec's own modules), so it can load any deployment, and it is the same code that
 * {@code swarmrec bench scenario} runs in process.
 *
 * <p>Entry points: {@link io.swarmrec.load.LoadSpec} (what to run, validated),
 * {@link io.swarmrec.load.LoadGenerator#run} (run it), {@link io.swarmrec.load.LoadReport}
 * (table or JSON), {@link io.swarmrec.load.MaxRateSearch}, {@link io.swarmrec.load.LoadMain}
 * (command line) and {@link io.swarmrec.load.FixedResponseServer} (the do-nothing ceiling).
 */
package io.swarmrec.load;
