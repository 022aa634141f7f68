package io.swarmrec.eval.io;

import io.swarmrec.algo.rerank.ItemAttributes;
import io.swarmrec.core.IdDictionary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads item categories for offline evaluation of category caps ({@code --max-per-category}), in one of
 * three shapes, recognised from the first data line:
 *
 * <ul>
 *   <li>MovieLens 100K {@code u.item}: {@code id|title|date|video date|url|g0|...|g18}, the 19 genre flags
 *       of {@code u.genre} ({@code unknown}, Action, ..., Western); a flag of 1 gives the genre;
 *   <li>MovieLens {@code movies.csv} (header {@code movieId,title,genres}): genres separated by {@code |},
 *       titles possibly quoted; {@code (no genres listed)} gives none;
 *   <li>anything else: {@code item cat1,cat2,...} (item, then a tab or spaces, then categories separated by
 *       commas or pipes).
 * </ul>
 *
 * <p>Items the training catalogue does not know are skipped; category names become dense ids in order of
 * first appearance. Blank lines and lines starting with {@code #} are skipped; gzip is recognised.
 */
public final class ItemCategoryReader {
  /** The genres of MovieLens 100K's {@code u.genre}, in flag order. */
  static final String[] ML100K_GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
      "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
      "Thriller", "War", "Western"};
  private static final Pattern LABELS = Pattern.compile("[,|]");

  private ItemCategoryReader() {}

  /** What was read: the attributes over {@code items}' dense ids and the category names by dense id. */
  public record Result(ItemAttributes attributes, List<String> categories, int itemsWithCategories) {}

  public static Result read(Path file, IdDictionary items) throws IOException {
    String name = file.toString();
    Map<String, Integer> ids = new HashMap<>();
    List<String> names = new ArrayList<>();
    ItemAttributes.Builder b = ItemAttributes.builder(items.size());
    boolean[] seen = new boolean[items.size()];
    int with = 0;
    long lineNo = 0;
    Shape shape = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(CompressedInput.open(file),
        StandardCharsets.ISO_8859_1))) {
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        if (shape == null) {
          shape = t.startsWith("movieId,") ? Shape.MOVIES_CSV : t.split("\\|", -1).length == 24 ? Shape.U_ITEM
              : Shape.PLAIN;
          if (shape == Shape.MOVIES_CSV) {
            continue; // the header
          }
        }
        String item;
        List<String> labels = new ArrayList<>();
        switch (shape) {
          case U_ITEM -> {
            String[] f = t.split("\\|", -1);
            if (f.length != 24) {
              throw new DatasetException(name, lineNo, "expected 24 '|'-separated fields (u.item), got " + f.length);
            }
            item = f[0];
            for (int g = 0; g < ML100K_GENRES.length; g++) {
              if (f[5 + g].equals("1")) {
                labels.add(ML100K_GENRES[g]);
              } else if (!f[5 + g].equals("0")) {
                throw new DatasetException(name, lineNo, "genre flag " + g + " is not 0 or 1: '" + f[5 + g] + "'");
              }
            }
          }
          case MOVIES_CSV -> {
            int comma = t.indexOf(',');
            int last = t.lastIndexOf(',');
            if (comma < 0 || last == comma) {
              throw new DatasetException(name, lineNo, "expected movieId,title,genres");
            }
            item = t.substring(0, comma);
            String genres = t.substring(last + 1);
            if (!genres.equals("(no genres listed)")) {
              for (String g : genres.split("\\|")) {
                if (!g.isEmpty()) {
                  labels.add(g);
                }
              }
            }
          }
          default -> {
            String[] f = t.split("[\\t ]+", 2);
            item = f[0];
            if (f.length == 2) {
              for (String g : LABELS.split(f[1].strip())) {
                if (!g.isBlank()) {
                  labels.add(g.strip());
                }
              }
            }
          }
        }
        int dense = items.get(item);
        if (dense == IdDictionary.ABSENT) {
          continue;
        }
        if (seen[dense]) {
          throw new DatasetException(name, lineNo, "item '" + item + "' listed twice");
        }
        seen[dense] = true;
        int[] cats = new int[labels.size()];
        for (int n = 0; n < cats.length; n++) {
          cats[n] = ids.computeIfAbsent(labels.get(n), k -> {
            names.add(k);
            return names.size() - 1;
          });
        }
        if (cats.length > 0) {
          b.categories(dense, cats);
          with++;
        }
      }
    }
    return new Result(b.build(), List.copyOf(names), with);
  }

  private enum Shape { U_ITEM, MOVIES_CSV, PLAIN }
}
