package io.swarmrec.server.engine;

import io.swarmrec.algo.RecOptions;
import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.Set;

/**
 * One request translated into the model's dense ids: the user (or -1 when unknown or forgotten), the
 * overlay's recent items as extra history, the exclusions; and the way back from dense ids to external ids,
 * dropping items deleted since the model was built. Asks the recommender for a few more than k so that
 * dropped items do not shorten the answer.
 */
record Scoring(int user, int k, int want, RecOptions options, Set<String> deleted, String externalUser) {

  static Scoring of(Model m, ModelManager models, RecRequest r, Set<String> deleted) {
    IdDictionary items = m.data().items();
    int user = models.isForgotten(r.user()) ? -1 : m.data().users().get(r.user());
    Overlay.Delta d = models.overlay().get(r.user());
    int[] extra = new int[0];
    float[] weights = new float[0];
    if (d != null) {
      extra = new int[d.size()];
      weights = new float[extra.length];
      int n = 0;
      for (int i = 0; i < extra.length; i++) {
        int id = items.get(d.item(i));
        if (id >= 0) {
          extra[n] = id;
          weights[n++] = d.weight(i);
        }
      }
      extra = Arrays.copyOf(extra, n);
      weights = Arrays.copyOf(weights, n);
    }
    int[] exclude = r.exclude().stream().mapToInt(items::get).filter(i -> i >= 0).toArray();
    int[] own = m.items().itemsBy(r.user()); // an author's own items are never recommended to them
    if (own.length > 0) {
      int n = exclude.length;
      exclude = Arrays.copyOf(exclude, n + own.length);
      System.arraycopy(own, 0, exclude, n, own.length);
    }
    int want = r.k() + Math.min(deleted.size(), 100);
    return new Scoring(user, r.k(), want, new RecOptions(true, exclude, extra, weights), deleted, r.user());
  }

  int[] extraItems() {
    return options.extraItems();
  }

  RecResult toResult(Model m, ScoredIds s, String algo, boolean degraded, String source) {
    IdDictionary items = m.data().items();
    String[] ids = new String[Math.min(k, s.size())];
    float[] scores = new float[ids.length];
    int n = 0;
    for (int i = 0; i < s.size() && n < k; i++) {
      String key = items.key(s.id(i));
      if (!deleted.isEmpty() && deleted.contains(key)) {
        continue;
      }
      ids[n] = key;
      scores[n++] = s.score(i);
    }
    if (n < ids.length) {
      ids = Arrays.copyOf(ids, n);
      scores = Arrays.copyOf(scores, n);
    }
    return new RecResult(externalUser, algo, degraded, source, m.version(), ids, scores);
  }
}
