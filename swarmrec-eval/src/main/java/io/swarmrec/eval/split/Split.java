package io.swarmrec.eval.split;

import io.swarmrec.core.matrix.Interactions;

/**
 * Training data and the test set to evaluate a model trained on it against, in the same dense ids.
 */
public record Split(Interactions train, TestSet test) {
  public Split {
    if (test.numUsers() != train.numUsers() || test.known().cols() != train.numItems()) {
      throw new IllegalArgumentException("test set is not in the ids of the training data");
    }
  }

  /**
   * A validation split carved from this split's training data only (a per-user random holdout of
   * {@code fraction}), for tuning hyper-parameters without looking at the test set.
   */
  public Split validation(double fraction, long seed) {
    return Splits.randomHoldout(train, fraction, seed);
  }
}
