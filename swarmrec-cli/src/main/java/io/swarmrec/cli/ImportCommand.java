package io.swarmrec.cli;

import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import io.swarmrec.eval.io.EventSink;
import io.swarmrec.store.Event;
import io.swarmrec.store.InteractionStore;
import io.swarmrec.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
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
      QueuedEvents producer = new QueuedEvents("swarmrec-import-reader", file.toString(),
          sink -> reader.read(file, new EventSink() {
            @Override
            public void accept(String user, String item, float value, long epochSecond) {
              accept(user, item, type != null ? type : Float.isNaN(value) ? "view" : "rating", value, epochSecond);
            }

            @Override
            public void accept(String user, String item, String t, float value, long epochSecond) {
              sink.accept(new Event(user, item, t, value, epochSecond));
            }
          }));
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
}
