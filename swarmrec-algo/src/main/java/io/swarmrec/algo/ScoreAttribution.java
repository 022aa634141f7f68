package io.swarmrec.algo;

/**
 * How a model whose score is a sum over the user's history items splits a score into those items' parts:
 * {@code score(u, j) = sum_h c(h, j) (+ a per-candidate term that no history item owns)}. Neighbour models
 * ({@code c(h, j) = w_h * sim(h, j)}) and linear item-item models ({@code c(h, j) = w_h * W[h, j]}, the
 * graph filters included) have one; explanations ({@code io.swarmrec.algo.explain}) read it. Thread-safe.
 */
@FunctionalInterface
public interface ScoreAttribution {

  /**
   * The parts of the scores of {@code items} that come from each history item of {@code user} ({@code -1}:
   * unknown) with {@code options}' extra history, weighted exactly as {@link Recommender#recommend} weighs
   * them.
   */
  Contributions contributions(int user, RecOptions options, int[] items);

  /**
   * @param history the history items considered, in no particular order
   * @param byItem {@code byItem[i][n]} is the part of {@code items[i]}'s score due to {@code history[n]}
   */
  record Contributions(int[] history, float[][] byItem) {
    public Contributions {
      for (float[] row : byItem) {
        if (row.length != history.length) {
          throw new IllegalArgumentException("a contribution row has " + row.length + " entries for "
              + history.length + " history items");
        }
      }
    }
  }
}
