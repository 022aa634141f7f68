package io.swarmrec.eval.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.IdDictionary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemCategoryReaderTest {
  @TempDir Path dir;

  private static IdDictionary items(String... keys) {
    IdDictionary d = new IdDictionary();
    for (String k : keys) {
      d.getOrAdd(k);
    }
    return d;
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.ISO_8859_1);
    return p;
  }

  @Test
  void readsMovieLens100kGenreFlags() throws IOException {
    Path f = write("u.item", ""
        + "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
        + "2|GoldenEye (1995)|01-Jan-1995||http://x|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n"
        + "9|Not in training|01-Jan-1995||http://x|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
    ItemCategoryReader.Result r = ItemCategoryReader.read(f, items("2", "1", "3"));
    // names get ids in order of first appearance in the file
    assertThat(r.categories()).containsExactly("Animation", "Children's", "Comedy", "Action", "Adventure", "Thriller");
    assertThat(r.attributes().categories(0)).containsExactly(3, 4, 5); // item "2"
    assertThat(r.attributes().categories(1)).containsExactly(0, 1, 2); // item "1"
    assertThat(r.attributes().categories(2)).isEmpty();
    assertThat(r.itemsWithCategories()).isEqualTo(2);
  }

  @Test
  void readsMoviesCsvWithQuotedTitles() throws IOException {
    Path f = write("movies.csv", "movieId,title,genres\n"
        + "1,Toy Story (1995),Adventure|Animation\n"
        + "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
        + "12,Nothing (2000),(no genres listed)\n");
    ItemCategoryReader.Result r = ItemCategoryReader.read(f, items("11", "1", "12"));
    assertThat(r.categories()).containsExactly("Adventure", "Animation", "Comedy", "Drama", "Romance");
    assertThat(r.attributes().categories(0)).containsExactly(2, 3, 4); // "11", title with a comma
    assertThat(r.attributes().categories(1)).containsExactly(0, 1);
    assertThat(r.attributes().categories(2)).isEmpty();
  }

  @Test
  void readsPlainLinesAndRefusesDuplicates() throws IOException {
    Path f = write("cats.txt", "# item categories\na\tnews,sport\nb  sport|music\n\nc\n");
    ItemCategoryReader.Result r = ItemCategoryReader.read(f, items("a", "b", "c"));
    assertThat(r.categories()).containsExactly("news", "sport", "music");
    assertThat(r.attributes().categories(1)).containsExactly(1, 2);
    assertThat(r.attributes().hasCategory(0, 0)).isTrue();
    Path dup = write("dup.txt", "a x\na y\n");
    assertThatThrownBy(() -> ItemCategoryReader.read(dup, items("a"))).hasMessageContaining("listed twice");
    Path bad = write("bad.item", "1|T|d||u|0|0|0|2|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
    assertThatThrownBy(() -> ItemCategoryReader.read(bad, items("1"))).hasMessageContaining("not 0 or 1");
  }
}
