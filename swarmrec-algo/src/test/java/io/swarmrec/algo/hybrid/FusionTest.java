package io.swarmrec.algo.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.swarmrec.core.topk.ScoredIds;
import org.junit.jupiter.api.Test;

class FusionTest {
  private static ScoredIds list(int[] ids, float... scores) {
    return new ScoredIds(ids, scores);
  }

  private static final ScoredIds A = list(new int[] {10, 11, 12}, 9f, 5f, 1f);
  private static final ScoredIds B = list(new int[] {12, 13}, 0.4f, 0.2f);

  private static float scoreOf(ScoredIds fused, int id) {
    for (int r = 0; r < fused.size(); r++) {
      if (fused.id(r) == id) {
        return fused.score(r);
      }
    }
    return Float.NaN;
  }

  @Test
  void reciprocalRankSumsOneOverConstantPlusRank() {
    ScoredIds f = Fusion.RRF.fuse(new ScoredIds[] {A, B}, new float[] {1, 2}, 3, 1f, 10);
    assertThat(scoreOf(f, 10)).isCloseTo(1f / 2, within(1e-6f));
    assertThat(scoreOf(f, 12)).isCloseTo(1f / 4 + 2f / 2, within(1e-6f));
    assertThat(scoreOf(f, 13)).isCloseTo(2f / 3, within(1e-6f));
    assertThat(f.ids()).containsExactly(12, 13, 10, 11);
  }

  @Test
  void bordaDecaysLinearlyOverTheNominalDepth() {
    ScoredIds f = Fusion.BORDA.fuse(new ScoredIds[] {A, B}, new float[] {1, 1}, 4, 0f, 10);
    assertThat(scoreOf(f, 10)).isCloseTo(1f, within(1e-6f));
    assertThat(scoreOf(f, 11)).isCloseTo(0.75f, within(1e-6f));
    assertThat(scoreOf(f, 12)).isCloseTo(0.5f + 1f, within(1e-6f));
    assertThat(scoreOf(f, 13)).isCloseTo(0.75f, within(1e-6f));
  }

  @Test
  void minMaxMapsEachListOntoZeroToOne() {
    ScoredIds f = Fusion.MINMAX.fuse(new ScoredIds[] {A, B}, new float[] {1, 1}, 3, 0f, 10);
    assertThat(scoreOf(f, 10)).isCloseTo(1f, within(1e-6f));
    assertThat(scoreOf(f, 11)).isCloseTo(0.5f, within(1e-6f));
    assertThat(scoreOf(f, 12)).isCloseTo(1f, within(1e-6f)); // 0 in A, 1 in B
    assertThat(scoreOf(f, 13)).isCloseTo(0f, within(1e-6f));
  }

  @Test
  void zScoreMeasuresFromTheListMinimumInStandardDeviations() {
    ScoredIds f = Fusion.ZSCORE.fuse(new ScoredIds[] {A}, new float[] {1}, 3, 0f, 10);
    double mean = 5;
    double std = Math.sqrt((16 + 0 + 16) / 3.0);
    assertThat(mean).isEqualTo(5);
    assertThat(scoreOf(f, 10)).isCloseTo((float) (8 / std), within(1e-5f));
    assertThat(scoreOf(f, 11)).isCloseTo((float) (4 / std), within(1e-5f));
    assertThat(scoreOf(f, 12)).isCloseTo(0f, within(1e-6f));
  }

  @Test
  void aListOfEqualScoresGivesFullCredit() {
    ScoredIds flat = list(new int[] {4, 2}, 3f, 3f);
    for (Fusion f : new Fusion[] {Fusion.MINMAX, Fusion.ZSCORE}) {
      ScoredIds out = f.fuse(new ScoredIds[] {flat}, new float[] {2}, 2, 0f, 5);
      assertThat(out.ids()).containsExactly(2, 4); // tie: smaller id first
      assertThat(out.scores()).containsExactly(2f, 2f);
    }
  }

  @Test
  void zeroWeightNullAndEmptyListsAreSkippedAndKCuts() {
    ScoredIds f = Fusion.RRF.fuse(new ScoredIds[] {A, null, ScoredIds.empty(), B}, new float[] {1, 1, 1, 0}, 3, 60f, 2);
    assertThat(f.ids()).containsExactly(10, 11);
    assertThat(Fusion.parse("zscore")).isEqualTo(Fusion.ZSCORE);
  }
}
