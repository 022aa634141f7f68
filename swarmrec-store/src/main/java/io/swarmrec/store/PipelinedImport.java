package io.swarmrec.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Bulk import with two stages overlapped: the calling thread reads (parses) the next chunk while one
 * writer thread appends the previous one. Reading a file and writing a database use different resources
 * (CPU for parsing; the database's CPU and disk for COPY and index upkeep), so overlapping them roughly
 * halves the wall time when both cost about the same, as they do for text imports on a small machine.
 * Only two chunks are ever alive, so memory stays bounded whatever the size of the input.
 */
final class PipelinedImport {
  private PipelinedImport() {}

  static long run(InteractionStore store, Iterator<Event> events, int chunkSize, LongConsumer progress) {
    if (events == null || progress == null) {
      throw new IllegalArgumentException("events and progress must not be null");
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
    ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "swarmrec-import-writer");
      t.setDaemon(true);
      return t;
    });
    try {
      return pump(store, events, chunkSize, progress, writer);
    } finally {
      writer.shutdown();
    }
  }

  private static long pump(InteractionStore store, Iterator<Event> events, int chunkSize, LongConsumer progress,
      ExecutorService writer) {
    long stored = 0;
    Future<Integer> inFlight = null;
    while (true) {
      List<Event> chunk;
      try {
        chunk = read(events, chunkSize);
      } catch (RuntimeException e) {
        if (inFlight != null) { // the chunk being written will commit: wait for it so progress tells the truth
          try {
            progress.accept(stored + join(inFlight));
          } catch (RuntimeException writeFailure) {
            e.addSuppressed(writeFailure);
          }
        }
        throw e;
      }
      if (inFlight != null) {
        stored += join(inFlight);
        progress.accept(stored);
      }
      if (chunk.isEmpty()) {
        return stored;
      }
      inFlight = writer.submit(() -> {
        store.append(chunk);
        return chunk.size();
      });
    }
  }

  private static List<Event> read(Iterator<Event> events, int chunkSize) {
    List<Event> chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
    while (chunk.size() < chunkSize && events.hasNext()) {
      Event e = events.next();
      if (e == null) {
        throw new IllegalArgumentException("null event in import stream after " + chunk.size() + " events of this chunk");
      }
      chunk.add(e);
    }
    return chunk;
  }

  private static int join(Future<Integer> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("import interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new StoreException("import failed", e.getCause());
    }
  }
}
