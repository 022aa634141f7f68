package io.swarmrec.algo.scoring;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.core.matrix.Interactions;

/** Argument checks shared by every recommender's request methods: one message style everywhere. */
public final class Requests {
  private Requests() {}

  /** Checks a {@code recommend} call: {@code user} may be -1 (unknown), item ids must exist. */
  public static void check(Interactions data, int user, int k, RecOptions options) {
    checkK(k);
    checkRequestUser(data, user);
    checkItems(options.exclude(), data.numItems(), "excluded item");
    checkItems(options.extraItems(), data.numItems(), "extra history item");
  }

  /** Checks the users of a batch: each may be -1 (unknown) or a user of {@code data}. */
  public static void checkRequestUsers(Interactions data, int[] users) {
    for (int user : users) {
      checkRequestUser(data, user);
    }
  }

  private static void checkRequestUser(Interactions data, int user) {
    if (user < -1 || user >= data.numUsers()) {
      throw new IllegalArgumentException("user id " + user + " not in [-1, " + data.numUsers() + ")");
    }
  }

  public static void checkK(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
  }

  public static void checkUser(Interactions data, int user) {
    if (user < 0 || user >= data.numUsers()) {
      throw new IllegalArgumentException("user id " + user + " not in [0, " + data.numUsers() + ")");
    }
  }

  public static void checkItem(Interactions data, int item) {
    if (item < 0 || item >= data.numItems()) {
      throw new IllegalArgumentException("item id " + item + " not in [0, " + data.numItems() + ")");
    }
  }

  private static void checkItems(int[] items, int numItems, String what) {
    for (int item : items) {
      if (item < 0 || item >= numItems) {
        throw new IllegalArgumentException(what + " id " + item + " not in [0, " + numItems + ")");
      }
    }
  }
}
