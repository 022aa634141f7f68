package io.swarmrec.eval.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.core.IdDictionary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemVectorReaderTest {
  @TempDir Path dir;

  private static IdDictionary items(String... keys) {
    IdDictionary d = new IdDictionary();
    for (String k : keys) {
      d.getOrAdd(k);
    }
    return d;
  }

  @Test
  void readsVectorsInDenseIdsSkippingUnknownItemsAndComments() throws IOException {
    Path f = Files.writeString(dir.resolve("v.txt"), "# id vector\nb 1 0 2\n\nzz 9 9 9\na\t0.5,0.25|1\n");
    ItemVectors v = ItemVectorReader.read(f, items("a", "b", "c"));
    assertThat(v.numItems()).isEqualTo(3);
    assertThat(v.dimensions()).isEqualTo(3);
    assertThat(v.size()).isEqualTo(2);
    assertThat(v.vector(0)).containsExactly(0.5f, 0.25f, 1f);
    assertThat(v.vector(1)).containsExactly(1f, 0f, 2f);
    assertThat(v.has(2)).isFalse();
  }

  @Test
  void badLinesNameFileAndLine() throws IOException {
    Path ragged = Files.writeString(dir.resolve("r.txt"), "a 1 2\nb 1\n");
    assertThatThrownBy(() -> ItemVectorReader.read(ragged, items("a", "b")))
        .isInstanceOf(DatasetException.class).hasMessageContaining("r.txt:2").hasMessageContaining("1 components");
    Path nan = Files.writeString(dir.resolve("n.txt"), "a 1 x\n");
    assertThatThrownBy(() -> ItemVectorReader.read(nan, items("a")))
        .hasMessageContaining("n.txt:1").hasMessageContaining("not a number");
    Path twice = Files.writeString(dir.resolve("t.txt"), "a 1\na 2\n");
    assertThatThrownBy(() -> ItemVectorReader.read(twice, items("a"))).hasMessageContaining("listed twice");
    Path lone = Files.writeString(dir.resolve("l.txt"), "a\n");
    assertThatThrownBy(() -> ItemVectorReader.read(lone, items("a"))).hasMessageContaining("at least one component");
  }
}
