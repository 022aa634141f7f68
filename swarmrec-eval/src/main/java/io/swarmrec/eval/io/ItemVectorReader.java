package io.swarmrec.eval.io;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.core.IdDictionary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads item content vectors for offline evaluation of the {@code content} model and blends that use it:
 * one item per line, {@code item v1 v2 ... vd}, fields separated by tabs, commas, pipes or spaces; blank
 * lines and lines starting with {@code #} are skipped; gzip is recognised by its magic bytes. Every vector
 * must have the same number of finite components. Items the training catalogue does not know are skipped
 * (they could never be recommended offline); an item listed twice is an error.
 */
public final class ItemVectorReader {
  private static final Pattern SEPARATORS = Pattern.compile("[\\t,| ]+");

  private ItemVectorReader() {}

  /** The vectors of the items of {@code items} that {@code file} lists, in those items' dense ids. */
  public static ItemVectors read(Path file, IdDictionary items) throws IOException {
    String name = file.toString();
    float[][] byItem = new float[items.size()][];
    int dims = -1;
    long lineNo = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(CompressedInput.open(file),
        StandardCharsets.ISO_8859_1))) {
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] f = SEPARATORS.split(t);
        if (f.length < 2) {
          throw new DatasetException(name, lineNo, "expected an item id and at least one component");
        }
        if (dims < 0) {
          dims = f.length - 1;
        } else if (f.length - 1 != dims) {
          throw new DatasetException(name, lineNo, "vector has " + (f.length - 1) + " components, earlier ones "
              + dims);
        }
        int item = items.get(f[0]);
        if (item == IdDictionary.ABSENT) {
          continue;
        }
        if (byItem[item] != null) {
          throw new DatasetException(name, lineNo, "item '" + f[0] + "' listed twice");
        }
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
          try {
            v[d] = Float.parseFloat(f[d + 1]);
          } catch (NumberFormatException e) {
            throw new DatasetException(name, lineNo, "component " + (d + 1) + " is not a number: '" + f[d + 1] + "'");
          }
          if (!Float.isFinite(v[d])) {
            throw new DatasetException(name, lineNo, "component " + (d + 1) + " is not finite");
          }
        }
        byItem[item] = v;
      }
    }
    return ItemVectors.of(byItem);
  }
}
