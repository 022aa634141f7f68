package io.swarmrec.server.engine;

import io.swarmrec.algo.ItemVectors;
import io.swarmrec.core.IdDictionary;
import io.swarmrec.store.InteractionStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content vectors of a model build, read from the store's item metadata.
 *
 * <p>Every live item with a vector enters the snapshot's item dictionary, also when nobody has interacted
 * with it yet: that is what makes a brand-new item recommendable by the content model (cold start). Such
 * items have empty columns in the interaction matrices, which every model tolerates (popularity ranks them
 * last). Vectors must share one dimension; when clients sent several, the most common one wins (ties: the
 * smaller) and the others are left out with a warning, so one malformed item cannot fail a rebuild.
 */
final class StoredVectors {
  private static final Logger LOG = LoggerFactory.getLogger(StoredVectors.class);

  private final List<float[]> vectors;
  private final int[] ids;
  private final int dimensions;
  private final int added;

  private StoredVectors(List<float[]> vectors, int[] ids, int dimensions, int added) {
    this.vectors = vectors;
    this.ids = ids;
    this.dimensions = dimensions;
    this.added = added;
  }

  /** Reads every live item's vector, adding the items to {@code items} (the builder's dictionary). */
  static StoredVectors load(InteractionStore store, IdDictionary items) {
    List<String> keys = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    Map<Integer, Integer> byDimension = new HashMap<>();
    store.scanItems(m -> {
      if (m.hasVector()) {
        float[] v = m.vector();
        keys.add(m.item());
        vectors.add(v);
        byDimension.merge(v.length, 1, Integer::sum);
      }
    });
    int dim = 0;
    int best = 0;
    for (Map.Entry<Integer, Integer> e : byDimension.entrySet()) {
      if (e.getValue() > best || (e.getValue() == best && e.getKey() < dim)) {
        dim = e.getKey();
        best = e.getValue();
      }
    }
    if (byDimension.size() > 1) {
      LOG.warn("content vectors have several dimensions {} (dimension: count); using {} and leaving {} items out",
          byDimension, dim, keys.size() - best);
    }
    int before = items.size();
    List<float[]> kept = new ArrayList<>(best);
    int[] ids = new int[best];
    for (int n = 0; n < keys.size(); n++) {
      if (vectors.get(n).length == dim) {
        ids[kept.size()] = items.getOrAdd(keys.get(n));
        kept.add(vectors.get(n));
      }
    }
    return new StoredVectors(kept, ids, dim, items.size() - before);
  }

  /** Items added to the dictionary because of their vector (they have no interactions yet). */
  int added() {
    return added;
  }

  ItemVectors toItemVectors(int numItems) {
    if (vectors.isEmpty()) {
      return ItemVectors.none(numItems);
    }
    ItemVectors.Builder b = ItemVectors.builder(numItems, dimensions);
    for (int n = 0; n < ids.length; n++) {
      b.put(ids[n], vectors.get(n));
    }
    return b.build();
  }
}
