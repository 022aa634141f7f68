package io.swarmrec.algo.hybrid;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.scoring.Requests;
import io.swarmrec.core.matrix.Interactions;
import io.swarmrec.core.topk.ScoredIds;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A blend served as late fusion of candidate lists: every component with a non-zero weight answers the
 * request for its top {@code depth} items with the request's own options (so exclusions, seen-item
 * filtering and the real-time history overlay reach each component unchanged), and {@link Fusion}
 * normalises and sums the lists. A candidate that no component proposes cannot be recommended, which is
 * what bounds a request's cost to the components' own plus O(m log m) for m candidates.
 *
 * <p>Batch requests go through each component's {@link Recommender#recommendAll}, so a component with a
 * batched scoring path (GF-CF's dense stage) keeps it, and the lists are fused user by user afterwards.
 */
final class FusionRecommender implements Recommender {
  private final String name;
  private final Interactions data;
  private final Recommender[] components;
  private final float[] weights;
  private final Fusion fusion;
  private final int depth;
  private final float rrfK;

  FusionRecommender(String name, Interactions data, List<Recommender> components, float[] weights, Fusion fusion,
      int depth, float rrfK) {
    if (components.size() != weights.length || components.isEmpty()) {
      throw new IllegalArgumentException("need one weight per component, got " + weights.length + " for "
          + components.size() + " components");
    }
    for (Recommender c : components) {
      if (c.data() != data) {
        throw new IllegalArgumentException("component " + c.name() + " was trained on other data");
      }
    }
    this.name = name;
    this.data = data;
    this.components = components.toArray(Recommender[]::new);
    this.weights = weights.clone();
    this.fusion = fusion;
    this.depth = depth;
    this.rrfK = rrfK;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Interactions data() {
    return data;
  }

  /** What any component reads. */
  @Override
  public Set<Interactions.Part> servingNeeds() {
    Set<Interactions.Part> needs = EnumSet.noneOf(Interactions.Part.class);
    for (Recommender c : components) {
      needs.addAll(c.servingNeeds());
    }
    return needs;
  }

  /** The components, in blend order. */
  List<Recommender> components() {
    return List.of(components);
  }

  @Override
  public ScoredIds recommend(int user, int k, RecOptions options) {
    Requests.check(data, user, k, options);
    int n = Math.max(depth, k);
    ScoredIds[] lists = new ScoredIds[components.length];
    for (int c = 0; c < components.length; c++) {
      if (weights[c] != 0f) {
        lists[c] = components[c].recommend(user, n, options);
      }
    }
    return fusion.fuse(lists, weights, n, rrfK, k);
  }

  @Override
  public ScoredIds[] recommendAll(int[] users, int k, RecOptions options) {
    Requests.checkK(k);
    int n = Math.max(depth, k);
    ScoredIds[][] perComponent = new ScoredIds[components.length][];
    for (int c = 0; c < components.length; c++) {
      if (weights[c] != 0f) {
        perComponent[c] = components[c].recommendAll(users, n, options);
      }
    }
    ScoredIds[] out = new ScoredIds[users.length];
    IntStream.range(0, users.length).parallel().forEach(i -> {
      ScoredIds[] lists = new ScoredIds[components.length];
      for (int c = 0; c < components.length; c++) {
        lists[c] = perComponent[c] == null ? null : perComponent[c][i];
      }
      out[i] = fusion.fuse(lists, weights, n, rrfK, k);
    });
    return out;
  }

  /** Fuses the similar-item lists of the components that have an item similarity. */
  /** The item similarity of the first component, in {@code components} order, that has one. */
  @Override
  public io.swarmrec.algo.ItemSimilarity itemSimilarity() {
    for (Recommender c : components) {
      if (c.itemSimilarity() != null) {
        return c.itemSimilarity();
      }
    }
    return null;
  }

  @Override
  public ScoredIds similarItems(int item, int k) {
    Requests.checkItem(data, item);
    Requests.checkK(k);
    return fuseSimilar(k, "item", (c, n) -> c.similarItems(item, n));
  }

  /** Fuses the similar-user lists of the components that have a user similarity. */
  @Override
  public ScoredIds similarUsers(int user, int k) {
    Requests.checkUser(data, user);
    Requests.checkK(k);
    return fuseSimilar(k, "user", (c, n) -> c.similarUsers(user, n));
  }

  private interface SimilarQuery {
    ScoredIds ask(Recommender component, int n);
  }

  private ScoredIds fuseSimilar(int k, String what, SimilarQuery query) {
    int n = Math.max(depth, k);
    ScoredIds[] lists = new ScoredIds[components.length];
    boolean any = false;
    for (int c = 0; c < components.length; c++) {
      if (weights[c] == 0f) {
        continue;
      }
      try {
        lists[c] = query.ask(components[c], n);
        any = true;
      } catch (UnsupportedOperationException e) {
        lists[c] = null; // this component has no such similarity; the others answer
      }
    }
    if (!any) {
      throw new UnsupportedOperationException(name + ": no component has a " + what + " similarity");
    }
    return fusion.fuse(lists, weights, n, rrfK, k);
  }
}
