package io.swarmrec.server.http;

import java.util.concurrent.Executor;

/**
 * A chunked answer (for example NDJSON, one line per user of a large batch): the producer runs on
 * {@code executor} and hands each chunk to the sink as soon as it is ready, so the first users' results
 * leave before the last ones are computed and memory stays bounded by the chunk size.
 */
public record Streamed(String contentType, Executor executor, Producer producer) implements Response {
  /** Writes the body through the sink; the sink is closed by the caller. */
  @FunctionalInterface
  public interface Producer {
    void produce(Sink sink) throws Exception;
  }

  /** Receives body chunks. */
  public interface Sink {
    void write(byte[] chunk);
  }
}
