package io.swarmrec.eval.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.matrix.InteractionsBuilder;
import io.swarmrec.eval.io.DatasetFormat;
import io.swarmrec.eval.io.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitsTest {
  @TempDir Path dir;

  /** users "a" (100 items), "b" (1 item), "c" (2 items), "d" (10 items); item i of user u at time i. */
  private static Interactions sample() {
    InteractionsBuilder b = new InteractionsBuilder();
    int[] sizes = {100, 1, 2, 10};
    for (int u = 0; u < sizes.length; u++) {
      for (int i = 0; i < sizes[u]; i++) {
        b.add(String.valueOf((char) ('a' + u)), "i" + i, 1f, Interactions.TIME_BASE + i);
      }
    }
    return b.build();
  }

  private static Set<String> row(Interactions d, CsrMatrix m, int user) {
    Set<String> items = new TreeSet<>();
    for (int p = m.rowStart(user); p < m.rowEnd(user); p++) {
      items.add(d.items().key(m.indices()[p]));
    }
    return items;
  }

  private static Set<String> union(Set<String> x, Set<String> y) {
    Set<String> s = new TreeSet<>(x);
    s.addAll(y);
    return s;
  }

  @Test
  void randomHoldoutMovesAFractionOfEachUserAndKeepsTheRest() {
    Interactions all = sample();
    Split split = Splits.randomHoldout(all, 0.2, 42);
    int[] expectedTest = {20, 0, 1, 2}; // round(0.2 n), >= 1 and <= n - 1; a single item stays in training
    for (int u = 0; u < 4; u++) {
      Set<String> train = row(all, split.train().byUser(), u);
      Set<String> test = row(all, split.test().known(), u);
      assertThat(test).hasSize(expectedTest[u]).doesNotContainAnyElementsOf(train);
      assertThat(union(train, test)).isEqualTo(row(all, all.byUser(), u));
      assertThat(split.test().relevantCount(u)).isEqualTo(expectedTest[u]);
    }
    assertThat(split.test().evaluableUsers()).containsExactly(0, 2, 3);
    assertThat(split.train().users()).isSameAs(all.users());
    assertThat(split.train().numItems()).isEqualTo(all.numItems());
    assertThat(split.train().byUser().hasTimes()).isTrue();
  }

  @Test
  void randomHoldoutIsDeterministicPerSeed() {
    Interactions all = sample();
    Set<String> first = row(all, Splits.randomHoldout(all, 0.2, 7).test().known(), 0);
    assertThat(row(all, Splits.randomHoldout(all, 0.2, 7).test().known(), 0)).isEqualTo(first);
    assertThat(row(all, Splits.randomHoldout(all, 0.2, 8).test().known(), 0)).isNotEqualTo(first);
  }

  @Test
  void randomHoldoutRejectsFractionsOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> Splits.randomHoldout(sample(), 1.0, 1)).hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> Splits.randomHoldout(sample(), 0, 1)).hasMessageContaining("(0, 1)");
  }

  @Test
  void leaveLastOutMovesTheLatestItems() {
    Interactions all = sample();
    Split one = Splits.leaveLastOut(all, 1);
    assertThat(row(all, one.test().known(), 0)).containsExactly("i99");
    assertThat(row(all, one.test().known(), 1)).isEmpty(); // a single item stays in training
    assertThat(row(all, one.test().known(), 2)).containsExactly("i1");
    Split two = Splits.leaveLastOut(all, 2);
    assertThat(row(all, two.test().known(), 3)).containsExactly("i8", "i9");
    assertThat(row(all, two.test().known(), 2)).isEmpty();
    assertThat(two.train().byUser().rowLength(3)).isEqualTo(8);
  }

  @Test
  void leaveLastOutBreaksTimeTiesTowardsTheLargerItemId() {
    InteractionsBuilder b = new InteractionsBuilder();
    for (String item : List.of("x", "y", "z")) {
      b.add("u", item, 1f, Interactions.TIME_BASE);
    }
    Interactions all = b.build();
    assertThat(row(all, Splits.leaveLastOut(all, 1).test().known(), 0)).containsExactly("z");
  }

  @Test
  void leaveLastOutNeedsTimestamps() {
    InteractionsBuilder b = new InteractionsBuilder();
    b.add("u", "x", 1f, Long.MIN_VALUE);
    b.add("u", "y", 1f, Long.MIN_VALUE);
    assertThatThrownBy(() -> Splits.leaveLastOut(b.build(), 1)).hasMessageContaining("needs timestamps");
  }

  @Test
  void givenFilesMapTestOntoTrainingIds() throws IOException {
    Path train = Files.writeString(dir.resolve("train.csv"), "u1,a,5\nu1,b,5\nu2,a,4\nu2,c,2\n");
    Path test = Files.writeString(dir.resolve("test.csv"),
        "u1,c,5\nu1,c,5\nu1,new,4\nu1,new,5\nu1,a,1\nu2,b,4\nghost,a,5\nghost,b,5\n");
    Split split = Splits.fromFiles(DatasetReader.of(DatasetFormat.CSV).minRating(4), train, test);
    Interactions d = split.train();
    assertThat(d.items().get("c")).isEqualTo(-1); // u2's c was below the threshold in training too
    int u1 = d.users().get("u1");
    int u2 = d.users().get("u2");
    TestSet t = split.test();
    assertThat(row(d, t.known(), u1)).isEmpty(); // c unknown to training, a below the threshold
    assertThat(t.unknownItems(u1)).isEqualTo(2); // c and new, each once
    assertThat(t.relevantCount(u1)).isEqualTo(2);
    assertThat(row(d, t.known(), u2)).containsExactly("b");
    assertThat(t.skippedUsers()).isEqualTo(1);
    assertThat(t.skippedEvents()).isEqualTo(2);
    assertThat(t.totalRelevant()).isEqualTo(3);
    assertThat(t.evaluableUsers()).containsExactly(u1, u2);
  }

  @Test
  void validationIsCarvedFromTrainingOnly() {
    Interactions all = sample();
    Split split = Splits.randomHoldout(all, 0.2, 1);
    Split validation = split.validation(0.25, 2);
    for (int u = 0; u < all.numUsers(); u++) {
      Set<String> train = row(all, split.train().byUser(), u);
      Set<String> validTrain = row(all, validation.train().byUser(), u);
      Set<String> validTest = row(all, validation.test().known(), u);
      assertThat(union(validTrain, validTest)).isEqualTo(train);
      assertThat(Collections.disjoint(validTest, row(all, split.test().known(), u))).isTrue();
    }
    List<Integer> sizes = new ArrayList<>();
    for (int u = 0; u < all.numUsers(); u++) {
      sizes.add(validation.test().relevantCount(u));
    }
    assertThat(sizes).containsExactly(20, 0, 0, 2); // a: 80 left -> 20; c kept 1; d: 8 left -> 2
  }
}
