package io.swarmrec.eval.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.eval.testing.DataDir;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reads the public datasets and checks the sizes their publishers document (see each PROVENANCE.md). */
class PublicDatasetsTest {
  @Test
  void movieLens100k() throws IOException {
    Interactions data = DatasetReader.of(DatasetFormat.AUTO).readInteractions(DataDir.file("ml-100k/u.data"));
    assertThat(data.numUsers()).isEqualTo(943);
    assertThat(data.numItems()).isEqualTo(1682);
    assertThat(data.numInteractions()).isEqualTo(100_000);
  }

  @Test
  void movieLensLatestSmallCsv() throws IOException {
    Recorded sink = new Recorded();
    ReadStats stats = DatasetReader.of(DatasetFormat.AUTO).read(DataDir.file("ml-latest-small/ratings.csv"), sink);
    assertThat(stats.format()).isEqualTo(DatasetFormat.ML_CSV);
    assertThat(stats.events()).isEqualTo(100_836);
  }

  @Test
  void gowallaGzippedLightGcnTrainingFile() throws IOException {
    Interactions data = DatasetReader.of(DatasetFormat.AUTO)
        .readInteractions(DataDir.file("gowalla/train.reconstructed.txt.gz"));
    assertThat(data.numUsers()).isEqualTo(29_858);
    assertThat(data.numItems()).isEqualTo(40_981);
    assertThat(data.numInteractions()).isEqualTo(810_128);
  }
}
