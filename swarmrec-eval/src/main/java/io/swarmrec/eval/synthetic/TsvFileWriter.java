package io.swarmrec.eval.synthetic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongConsumer;

/**
 * Writes a scenario as TSV. Workers do everything costly per block (simulate, format, compress into a
 * gzip member), so the calling thread only appends finished byte arrays in block order: with deflate the
 * dominant cost, compression scales with the cores instead of bottlenecking on one
 * {@link java.util.zip.GZIPOutputStream}.
 */
final class TsvFileWriter {
  private TsvFileWriter() {}

  static long write(SyntheticScenario s, Path out, int threads, int level, LongConsumer progress)
      throws IOException {
    boolean gzip = out.getFileName().toString().endsWith(".gz");
    TsvEncoder encoder = new TsvEncoder(s.startEpochSecond(), s.agents(), s.items(),
        s.startEpochSecond() + s.days() * 86_400L);
    OrderedPipeline.Producer<EventBlock> blocks = s.blockProducer();
    Path part = out.resolveSibling(out.getFileName() + ".part");
    long bytes = 0;
    try (OutputStream os = Files.newOutputStream(part)) {
      long[] written = new long[2]; // bytes, events
      OrderedPipeline.run(s.world().blocks(), threads, b -> encode(blocks.produce(b), encoder, gzip, level),
          chunk -> {
            os.write(chunk.bytes, 0, chunk.length);
            written[0] += chunk.length;
            written[1] += chunk.events;
            progress.accept(written[1]);
          });
      bytes = written[0];
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(part);
      throw e;
    }
    moveInto(part, out);
    return bytes;
  }

  /** One block's bytes, ready to append. */
  private record Chunk(byte[] bytes, int length, int events) {}

  private static Chunk encode(EventBlock block, TsvEncoder encoder, boolean gzip, int level) {
    byte[] text = new byte[Math.toIntExact(encoder.bound(block.size()))];
    int length = encoder.encode(block, text);
    if (!gzip) {
      return new Chunk(text, length, block.size());
    }
    byte[] member = GzipMember.compress(text, length, level);
    return new Chunk(member, member.length, block.size());
  }

  private static void moveInto(Path part, Path out) throws IOException {
    try {
      Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
