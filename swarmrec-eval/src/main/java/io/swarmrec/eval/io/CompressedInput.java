package io.swarmrec.eval.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a file, decompressing gzip when its first two bytes are the gzip magic number (1F 8B, RFC 1952):
 * the content decides, not the name, so a renamed or suffix-less archive reads the same.
 */
final class CompressedInput {
  private static final int GZIP_BUFFER = 1 << 16;

  private CompressedInput() {}

  static InputStream open(Path file) throws IOException {
    PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2);
    try {
      byte[] magic = in.readNBytes(2);
      in.unread(magic);
      if (magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
        return new GZIPInputStream(in, GZIP_BUFFER);
      }
      return in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }
}
