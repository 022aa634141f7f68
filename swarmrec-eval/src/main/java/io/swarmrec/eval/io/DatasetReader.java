package io.swarmrec.eval.io;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Reads interaction datasets (MovieLens, LightGCN text, generic CSV/TSV, any of them gzipped) into an
 * {@link EventSink} or straight into {@link Interactions}. Immutable; configure with the withers:
 *
 * <pre>{@code
 * Interactions train = DatasetReader.of(DatasetFormat.AUTO).minRating(4).readInteractions(path);
 * }</pre>
 *
 * <p>Parsing works on raw bytes (see {@code ByteLineReader}): no regular expressions, no
 * {@code String.split}, and only the two id fields of a line become strings. (Interning repeated numeric
 * ids through an array indexed by their value was tried and made parsing three times slower on a
 * million-user file: reading a cached string is a random access that misses the CPU cache, while decoding
 * a fresh one is sequential.) A line that does not fit the format raises {@link DatasetException} naming
 * {@code file:line} and the problem.
 */
public final class DatasetReader {
  private static final int BUFFER_BYTES = 1 << 20;
  private static final LongConsumer NO_PROGRESS = lines -> {};

  private final DatasetFormat format;
  private final float minRating;
  private final boolean binary;
  private final LongConsumer progress;

  private DatasetReader(DatasetFormat format, float minRating, boolean binary, LongConsumer progress) {
    this.format = format;
    this.minRating = minRating;
    this.binary = binary;
    this.progress = progress;
  }

  /** A reader of {@code format}, without a rating threshold, keeping values as weights. */
  public static DatasetReader of(DatasetFormat format) {
    return new DatasetReader(format, Float.NaN, false, NO_PROGRESS);
  }

  /** Keeps only events whose value is at least {@code r}; events without a value always count. NaN: no threshold. */
  public DatasetReader minRating(float r) {
    if (Float.isInfinite(r)) {
      throw new IllegalArgumentException("rating threshold must be finite, got " + r);
    }
    return new DatasetReader(format, r, binary, progress);
  }

  /**
   * With {@code on}, {@link #readInteractions} stores weight 1 for every (user, item) pair; otherwise the
   * weight is the event's value, or 1 when it has none, summed over repeated events.
   */
  public DatasetReader binary(boolean on) {
    return new DatasetReader(format, minRating, on, progress);
  }

  /** Calls {@code linesRead} now and then (every 65,536 lines) with the number of lines read so far. */
  public DatasetReader progress(LongConsumer linesRead) {
    return new DatasetReader(format, minRating, binary, linesRead);
  }

  public DatasetFormat format() {
    return format;
  }

  /** The rating threshold, NaN when none. */
  public float minRating() {
    return minRating;
  }

  /** Reads every event of {@code file} into {@code sink}. */
  public ReadStats read(Path file, EventSink sink) throws IOException {
    try (InputStream in = CompressedInput.open(file)) {
      ByteLineReader lines = new ByteLineReader(in, BUFFER_BYTES, progress);
      DatasetFormat f = format;
      if (f == DatasetFormat.AUTO) {
        int n = lines.prefetch(FormatSniffer.SAMPLE_BYTES);
        f = FormatSniffer.detect(String.valueOf(file.getFileName()), lines.buffer(), n, lines.atEof());
      }
      LineParser parser = parser(f, file.toString());
      parser.parseAll(lines, sink);
      return new ReadStats(f, lines.lineNumber(), parser.events(), parser.belowThreshold());
    }
  }

  /** Reads {@code file} into a fresh snapshot; timestamps are kept when the file has any. */
  public Interactions readInteractions(Path file) throws IOException {
    BuilderSink sink = new BuilderSink(binary);
    read(file, sink);
    Interactions raw = sink.builder.build();
    if (!binary && sink.timed) {
      return raw;
    }
    return new Interactions(raw.users(), raw.items(), reshape(raw.byUser(), sink.timed),
        reshape(raw.byItem(), sink.timed));
  }

  private LineParser parser(DatasetFormat f, String name) {
    return switch (f) {
      case MOVIELENS -> DelimitedParser.movieLens(name, minRating);
      case ML_CSV -> DelimitedParser.movieLensCsv(name, minRating);
      case CSV -> DelimitedParser.generic(name, minRating, false);
      case TSV -> DelimitedParser.generic(name, minRating, true);
      case LIGHTGCN -> new LightGcnParser(name, minRating);
      case AUTO -> throw new IllegalStateException("format not resolved");
    };
  }

  /** The same structure with weights 1 when binary, and without the times array when no event had a time. */
  private CsrMatrix reshape(CsrMatrix m, boolean timed) {
    float[] values = m.values();
    if (binary) {
      values = new float[m.nnz()];
      Arrays.fill(values, 1f);
    }
    return new CsrMatrix(m.rows(), m.cols(), m.indptr(), m.indices(), values, timed ? m.times() : null);
  }

  private static final class BuilderSink implements EventSink {
    final InteractionsBuilder builder = new InteractionsBuilder();
    final boolean binary;
    boolean timed;

    BuilderSink(boolean binary) {
      this.binary = binary;
    }

    @Override
    public void accept(String user, String item, float value, long epochSecond) {
      builder.add(user, item, binary || Float.isNaN(value) ? 1f : value, epochSecond);
      timed |= epochSecond != NO_TIME;
    }

    @Override
    public void user(String user) {
      builder.users().getOrAdd(user);
    }
  }
}
