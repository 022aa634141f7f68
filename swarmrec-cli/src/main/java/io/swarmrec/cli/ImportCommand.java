package io.swarmrec.cli;

import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import io.swarmrec.eval.io.EventSink;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swarmrec import}: bulk-loads a dataset file into a store. The file is parsed on one thread and
 * written on another (the store's pipelined import, COPY on PostgreSQL); a bounded hand-off between them
 * keeps memory flat whatever the file size.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Bulk-load a dataset (MovieLens, LightGCN text, CSV/TSV, gzip) into a store.")
public final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "the file to import (gzip is detected)")
  Path file;

  @Option(names = "--store", description = "store URL: sqlite:DIR, postgresql://host:port/db?user=..., memory: (default: sqlite:./data)")
  String store;

  @Option(names = "--format", description = "auto (default), movielens, ml-csv, lightgcn, csv, tsv")
  DatasetFormat format = DatasetFormat.AUTO;

  @Option(names = "--min-rating", description = "skip events whose value is below R")
  Float minRating;

  @Option(names = "--type", description = "event type of rows without a type column (default: rating when the row has a value, else view)")
  String type;

  @Option(names = "--chunk", description = "events per write (default 50000)")
  int chunk = 50_000;

  private static final Event END = Event.of("end", "end", "view", Event.NO_TIME);

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read " + file);
    }
    if (chunk < 1) {
      throw new IllegalArgumentException("--chunk must be positive");
    }
    String url = store != null ? store : "sqlite:" + Path.of("data").toAbsolutePath();
    if (store == null) {
      Files.createDirectories(Path.of("data"));
    }
    DatasetReader reader = DatasetReader.of(format);
    if (minRating != null) {
      reader.minRating(minRating);
    }
    long start = System.nanoTime();
    try (InteractionStore st = Stores.open(url)) {
      long before = st.count();
      ReaderThread producer = new ReaderThread(reader, file, type);
      producer.start();
      long n = st.importEvents(producer.iterator(), chunk, done -> progress(done, start, false));
      producer.join();
      progress(n, start, true);
      System.out.printf("imported %,d events from %s into %s in %.1f s (store now holds %,d)%n", n, file,
          redact(url), (System.nanoTime() - start) / 1e9, before + n);
    }
    return 0;
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&]*", "password=***");
  }

  private static void progress(long done, long start, boolean last) {
    double s = (System.nanoTime() - start) / 1e9;
    System.err.printf("\rimport: %,d events, %,.0f events/s%s", done, done / Math.max(s, 1e-9), last ? "\n" : "");
  }

  /** Parses the file on its own thread into a bounded queue that the store's import drains. */
  private static final class ReaderThread extends Thread {
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(65_536);
    private final DatasetReader reader;
    private final Path file;
    private final String type;
    private volatile RuntimeException failure;

    ReaderThread(DatasetReader reader, Path file, String type) {
      super("swarmrec-import-reader");
      setDaemon(true);
      this.reader = reader;
      this.file = file;
      this.type = type;
    }

    @Override
    public void run() {
      try {
        reader.read(file, new EventSink() {
          @Override
          public void accept(String user, String item, float value, long epochSecond) {
            accept(user, item, type != null ? type : Float.isNaN(value) ? "view" : "rating", value, epochSecond);
          }

          @Override
          public void accept(String user, String item, String t, float value, long epochSecond) {
            put(new Event(user, item, t, value, epochSecond));
          }
        });
      } catch (java.io.IOException e) {
        failure = new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        put(END);
      }
    }

    private void put(Event e) {
      try {
        queue.put(e);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("import interrupted", ex);
      }
    }

    Iterator<Event> iterator() {
      return new Iterator<>() {
        private Event next;

        @Override
        public boolean hasNext() {
          if (next == null) {
            try {
              next = queue.take();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("import interrupted", e);
            }
          }
          if (next == END) {
            if (failure != null) {
              throw failure; // nothing after the bad line is stored; what came before is
            }
            return false;
          }
          return true;
        }

        @Override
        public Event next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Event e = next;
          next = null;
          return e;
        }
      };
    }
  }
}
