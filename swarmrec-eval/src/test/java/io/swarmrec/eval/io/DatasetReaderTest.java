package io.swarmrec.eval.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.matrix.Interactions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetReaderTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private Recorded read(DatasetReader reader, Path file) throws IOException {
    Recorded r = new Recorded();
    reader.read(file, r);
    return r;
  }

  @Test
  void readsMovieLensTabFile() throws IOException {
    Path f = write("u1.base", "196\t242\t3\t881250949\n186\t302\t3.5\t891717742\n");
    Recorded r = new Recorded();
    ReadStats stats = DatasetReader.of(DatasetFormat.AUTO).read(f, r);
    assertThat(stats.format()).isEqualTo(DatasetFormat.MOVIELENS);
    assertThat(stats.events()).isEqualTo(2);
    assertThat(r.events).containsExactly("196 242 3.0 881250949", "186 302 3.5 891717742");
  }

  @Test
  void readsMovieLensCsvWithItsHeader() throws IOException {
    Path f = write("ratings.csv",
        "userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\r\n");
    Recorded r = new Recorded();
    ReadStats stats = DatasetReader.of(DatasetFormat.AUTO).read(f, r);
    assertThat(stats.format()).isEqualTo(DatasetFormat.ML_CSV);
    assertThat(stats.lines()).isEqualTo(3);
    assertThat(r.events).containsExactly("1 31 2.5 1260759144", "1 1029 3.0 1260759179");
  }

  @Test
  void readsLightGcnLinesIncludingAUserWithoutItems() throws IOException {
    Path f = write("train.txt", "0 10 11 12\n1\n2 10  13 \n");
    Recorded r = new Recorded();
    ReadStats stats = DatasetReader.of(DatasetFormat.AUTO).read(f, r);
    assertThat(stats.format()).isEqualTo(DatasetFormat.LIGHTGCN);
    assertThat(r.events).containsExactly("0 10 - -", "0 11 - -", "0 12 - -", "2 10 - -", "2 13 - -");
    assertThat(r.users).containsExactly("1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "comma with header|user,item,rating,time\\nalice,book,4.5,100\\nbob,pen,,\\n",
      "semicolon, no header|alice;book;4.5;100\\nbob;pen;;\\n",
      "tab with header|u\\ti\\tv\\tt\\nalice\\tbook\\t4.5\\t100\\nbob\\tpen\\t\\t\\n",
      "spaces, no header|alice  book 4.5 100\\nbob pen\\n",
      "quoted, CRLF, BOM|\uFEFF\"user\",\"item\",\"value\"\\r\\n\"alice\",\"book\",\"4.5\",100\\r\\nbob,pen\\r\\n"})
  void readsGenericDelimitedFiles(String name, String content) throws IOException {
    Path f = write("events.txt", content.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r"));
    Recorded r = read(DatasetReader.of(DatasetFormat.AUTO), f);
    assertThat(r.events).containsExactly("alice book 4.5 100", "bob pen - -");
  }

  @Test
  void twoColumnFileSkipsAUserItemHeaderOnly() throws IOException {
    assertThat(read(DatasetReader.of(DatasetFormat.CSV), write("a.csv", "user_id,item_id\n7,8\n")).events)
        .containsExactly("7 8 - -");
    assertThat(read(DatasetReader.of(DatasetFormat.CSV), write("b.csv", "anna,bert\n7,8\n")).events)
        .containsExactly("anna bert - -", "7 8 - -");
  }

  @Test
  void tsvFormatForcesTabs() throws IOException {
    Path f = write("x.tsv", "a b\tc d\t2\n");
    assertThat(read(DatasetReader.of(DatasetFormat.TSV), f).events).containsExactly("a b c d 2.0 -");
  }

  @Test
  void gzipIsRecognisedByContentNotName() throws IOException {
    Path hidden = dir.resolve("data.bin");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(hidden))) {
      out.write("1\t2\t5\t100\n".getBytes(StandardCharsets.UTF_8));
    }
    Path plainDespiteName = write("plain.tsv.gz", "1\t2\t5\t100\n");
    assertThat(read(DatasetReader.of(DatasetFormat.AUTO), hidden).events).containsExactly("1 2 5.0 100");
    assertThat(read(DatasetReader.of(DatasetFormat.AUTO), plainDespiteName).events).containsExactly("1 2 5.0 100");
  }

  @Test
  void ratingThresholdKeepsHighValuesAndEventsWithoutValue() throws IOException {
    Path f = write("e.csv", "a,x,3.5\na,y,4\nb,x,5\nb,z\n");
    Recorded r = new Recorded();
    ReadStats stats = DatasetReader.of(DatasetFormat.CSV).minRating(4).read(f, r);
    assertThat(r.events).containsExactly("a y 4.0 -", "b x 5.0 -", "b z - -");
    assertThat(stats.belowThreshold()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "movielens|u.data|1\\t2\\t3\\t4\\n1\\t2\\t3\\n|u.data:2: movielens format: expected 4 fields",
      "movielens|u.data|1\\t2\\tfive\\t4\\n|u.data:1: value 'five' is not a number",
      "csv|e.csv|a,b,1,yesterday\\n|e.csv:1: timestamp 'yesterday' is not a number of epoch seconds",
      "csv|e.csv|a,b,1,2\\n,b,1,2\\n|e.csv:2: empty user id",
      "csv|e.csv|a,b,1,2,view,3\\n|e.csv:1: csv format: expected 2 to 5 fields",
      "ml-csv|r.csv|user,item,rating,time\\n|r.csv:1: ml-csv format: expected the header",
      "lightgcn|t.txt|0 1 2\\n1 2,3\\n|t.txt:2: lightgcn format: expected integer ids separated by spaces, got '2,3'",
      "csv|e.csv|a,b,1,2\\na,b,1,99999999999\\n|e.csv:2: timestamp out of range"})
  void badLinesNameFileAndLine(String format, String name, String content, String message) throws IOException {
    Path f = write(name, content.replace("\\n", "\n").replace("\\t", "\t"));
    DatasetReader reader = DatasetReader.of(DatasetFormat.parse(format));
    assertThatThrownBy(() -> reader.readInteractions(f))
        .isInstanceOf(DatasetException.class)
        .hasMessageStartingWith(f + message.substring(name.length()));
  }

  @Test
  void readInteractionsUsesValuesAsWeightsAndSumsRepeats() throws IOException {
    Path f = write("e.csv", "a,x,2,100\na,x,3,200\nb,y,,300\n");
    Interactions data = DatasetReader.of(DatasetFormat.CSV).readInteractions(f);
    int a = data.users().get("a");
    int x = data.items().get("x");
    assertThat(data.byUser().get(a, x)).isEqualTo(5f);
    assertThat(data.byUser().get(data.users().get("b"), data.items().get("y"))).isEqualTo(1f);
    assertThat(data.latestEpochSecond()).isEqualTo(300);
    assertThat(data.byItem().rowLength(x)).isEqualTo(1);
  }

  @Test
  void binaryReadingStoresOnesAndDropsAbsentTimes() throws IOException {
    Path f = write("e.csv", "a,x,2\na,x,3\nb,y,5\n");
    Interactions data = DatasetReader.of(DatasetFormat.CSV).binary(true).readInteractions(f);
    assertThat(data.byUser().values()).containsExactly(1f, 1f);
    assertThat(data.byItem().values()).containsExactly(1f, 1f);
    assertThat(data.byUser().hasTimes()).isFalse();
  }

  @Test
  void lightGcnUserWithoutItemsJoinsTheDictionary() throws IOException {
    Interactions data = DatasetReader.of(DatasetFormat.LIGHTGCN).readInteractions(write("t.txt", "0 5\n1\n"));
    assertThat(data.numUsers()).isEqualTo(2);
    assertThat(data.byUser().rowLength(data.users().get("1"))).isZero();
  }

  @Test
  void reportsProgressEvery65536Lines() throws IOException {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < 70_000; i++) {
      content.append(i % 100).append(' ').append(i % 7).append('\n');
    }
    List<Long> reported = new ArrayList<>();
    Path f = write("big.txt", content.toString());
    DatasetReader.of(DatasetFormat.CSV).progress(reported::add).read(f, new Recorded());
    assertThat(reported).containsExactly(65_536L);
  }

  @Test
  void formatNamesRoundTrip() {
    for (DatasetFormat f : DatasetFormat.values()) {
      assertThat(DatasetFormat.parse(f.cliName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(f);
    }
    assertThatThrownBy(() -> DatasetFormat.parse("parquet")).hasMessageContaining("known: auto, movielens");
  }
}
